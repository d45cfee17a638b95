/* html_entities: the HTML standard's named character references, as data.
 *
 * The table is generated (tools/gen-entities.py, from Python's
 * html.entities.html5) and sorted by name bytes for a binary search. Names
 * carry their ';' where the standard writes one; the legacy names accepted
 * without it ("amp", "eacute", "nbsp" ...) appear both ways. Values are
 * UTF-8, one or two code points, at most HTML_ENTITY_MAX_VALUE bytes.
 * Pure data; html_charref (vtt_text.h) is what uses it. */
#ifndef WS_HTML_ENTITIES_H
#define WS_HTML_ENTITIES_H

#include <stddef.h>

#define HTML_ENTITY_MAX_NAME 32 /* bytes, ';' included */
#define HTML_ENTITY_MAX_VALUE 8 /* bytes of UTF-8 (6 used) */

typedef struct {
    const char *name;
    const char *utf8;
} html_entity;

extern const html_entity html_entities[];
extern const size_t html_entity_count;

#endif
