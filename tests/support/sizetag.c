/* Test aid for tests/audio_sync.sh: copies stdin to stdout line by line and
 * puts "bytes N " before every line that holds PATTERN, N being FILE's size
 * at the moment the line arrived. A stat() in the same process, so no fork
 * stands between the line and the reading (a shell's `stat` can take tens of
 * milliseconds on a loaded machine). Usage: ws_sizetag FILE PATTERN */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: ws_sizetag FILE PATTERN\n");
        return 2;
    }
    char line[8192];
    setvbuf(stdout, NULL, _IOLBF, 0);
    while (fgets(line, sizeof line, stdin)) {
        if (strstr(line, argv[2])) {
            struct stat st;
            long long size = stat(argv[1], &st) == 0 ? (long long)st.st_size : -1;
            printf("bytes %lld ", size);
        }
        fputs(line, stdout);
    }
    return 0;
}
