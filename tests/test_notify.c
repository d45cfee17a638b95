/* Unit tests: the sd_notify datagram protocol. */
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "check.h"
#include "util/notify.h"

TEST(test_notify_sends_state_to_the_socket)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/ws-notify-%d", (int)getpid());
    unlink(path);
    int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path);
    CHECK(bind(fd, (struct sockaddr *)&addr, sizeof addr) == 0);
    setenv("NOTIFY_SOCKET", path, 1);
    CHECK(notify_send("READY=1") == 1);
    CHECK(notify_send("WATCHDOG=1") == 1);
    char buf[64] = "";
    ssize_t n = recv(fd, buf, sizeof buf - 1, 0);
    CHECK(n == 7);
    buf[n > 0 ? n : 0] = '\0';
    CHECK_STR(buf, "READY=1");
    n = recv(fd, buf, sizeof buf - 1, 0);
    buf[n > 0 ? n : 0] = '\0';
    CHECK_STR(buf, "WATCHDOG=1");
    close(fd);
    unlink(path);
    unsetenv("NOTIFY_SOCKET");
}

TEST(test_notify_without_socket_does_nothing)
{
    unsetenv("NOTIFY_SOCKET");
    CHECK(notify_send("READY=1") == 0);
    setenv("NOTIFY_SOCKET", "/nonexistent/socket", 1);
    CHECK(notify_send("READY=1") == -1);
    unsetenv("NOTIFY_SOCKET");
}

TEST(test_notify_watchdog_interval_is_half)
{
    unsetenv("WATCHDOG_USEC");
    CHECK(notify_watchdog_interval() == 0.0);
    setenv("WATCHDOG_USEC", "30000000", 1);
    CHECK_NEAR(notify_watchdog_interval(), 15.0, 1e-9);
    setenv("WATCHDOG_USEC", "soon", 1);
    CHECK(notify_watchdog_interval() == 0.0);
    unsetenv("WATCHDOG_USEC");
}

int main(void)
{
    RUN(test_notify_sends_state_to_the_socket);
    RUN(test_notify_without_socket_does_nothing);
    RUN(test_notify_watchdog_interval_is_half);
    return check_done();
}
