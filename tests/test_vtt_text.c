/* The HTML character reference reader and its generated table. */
#include "check.h"
#include "captions/html_entities.h"
#include "captions/vtt_text.h"

static const char *ref(const char *s, size_t *taken)
{
    static char out[HTML_CHARREF_MAX + 1];
    size_t len;
    *taken = html_charref(s, strlen(s), out, &len);
    out[len] = '\0';
    return out;
}

TEST(test_entities_table_is_the_html_list_sorted)
{
    CHECK(html_entity_count == 2231); /* the HTML standard's list */
    for (size_t i = 1; i < html_entity_count; i++)
        CHECK(strcmp(html_entities[i - 1].name, html_entities[i].name) < 0);
    for (size_t i = 0; i < html_entity_count; i++) {
        CHECK(strlen(html_entities[i].name) <= HTML_ENTITY_MAX_NAME);
        CHECK(strlen(html_entities[i].utf8) < HTML_CHARREF_MAX);
    }
}

TEST(test_charref_stops_at_the_end_of_the_buffer)
{
    size_t k;
    CHECK_STR(ref("&", &k), "");
    CHECK(k == 0);
    CHECK_STR(ref("&am", &k), "");
    CHECK(k == 0);
    CHECK_STR(ref("&amp", &k), "&");
    CHECK(k == 4);
    CHECK_STR(ref("&#x", &k), "");
    CHECK(k == 0);
    CHECK_STR(ref("&#65", &k), "A");
    CHECK(k == 4);
    CHECK_STR(ref("&ampamp;", &k), "&"); /* "amp" then text */
    CHECK(k == 4);
    CHECK_STR(ref("&amp;amp;", &k), "&");
    CHECK(k == 5);
    /* a name longer than any in the table */
    CHECK_STR(ref("&aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa;", &k), "");
    CHECK(k == 0);
}

int main(void)
{
    RUN(test_entities_table_is_the_html_list_sorted);
    RUN(test_charref_stops_at_the_end_of_the_buffer);
    return check_done();
}
