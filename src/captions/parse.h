/* captions/parse.h: the parsing machinery the WebVTT and SRT readers share (lines,
 * diagnostics, the cue being built, text with italic runs, broken arrows).
 * Internal to captions/; the interface is captions/captions.h. */
#ifndef WS_CAPTIONS_PARSE_H
#define WS_CAPTIONS_PARSE_H

#include "captions/captions.h"
#include "captions/text_decode.h"
#include "util/utf8.h"
#include "captions/vtt_text.h"
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Raw cue text (markup included) may be this much longer than the cleaned
 * text before it is cut: tags and entities take room. */
#define RAW_CUE_BYTES (CAPTIONS_MAX_CUE_BYTES * 4u)

#define MAX_ID_BYTES 1024u

/* ======================================================================
 * diagnostics
 * ==================================================================== */

static inline int is_digit(char c) { return c >= '0' && c <= '9'; }

/* Blanks inside a line: space, tab and form feed (LF and CR end lines). */
static inline int is_space(char c) { return c == ' ' || c == '\t' || c == '\f'; }

static inline int is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

typedef struct {
    const char *data;
    size_t len, pos;
    int lineno;
} line_reader;

typedef struct {
    const char *s;
    size_t len;
    int no;
} src_line;

typedef struct {
    char *buf;
    size_t len, cap;
} strbuf;

typedef struct {
    const char *name;
    captions_diag *diag;
    caption_track *track;
    size_t cap;
    int failed;         /* out of memory: stop */
    int stopped;        /* cue limit reached: stop */
    int warned_order;   /* "not in time order" given */
    size_t bad_utf8;    /* replaced sequences in the whole file */
    int bad_line, bad_col;
    strbuf raw;         /* cue text with markup, lines joined by '\n' */
    int raw_cut;        /* raw text hit RAW_CUE_BYTES */
    size_t last_line_at; /* offset in raw where the last text line starts */
    char *scratch;      /* repaired copy of one line */
    char *decoded;      /* the file as UTF-8, when it was saved otherwise */
    int warned_blank_line; /* WebVTT: "line of only blanks" given */
} parser;

typedef struct {
    strbuf text;
    caption_run *runs;
    size_t nruns, rcap;
    int italic; /* nesting depth of <i> */
    int cut;
    int failed;
} text_builder;

/* ---- captions/parse.c -------------------------------------------- */

int eq_nocase(const char *s, size_t n, const char *w);

int contains_arrow(const char *s, size_t n);

int is_blank(const char *s, size_t n);

size_t skip_bom(const char *data, size_t len);

int next_line(line_reader *r, src_line *out);

void diag(parser *p, int line, int col, captions_severity sev, const char *fmt, ...);

/* Repairs one source line into p->scratch: ill-formed UTF-8 and NUL become
 * U+FFFD. Remembers the first bad spot for the file's single warning.
 * The caller guarantees n <= CAPTIONS_MAX_LINE_BYTES. */
size_t repair_line(parser *p, const src_line *l, const char *s, size_t n);

/* Starts a new cue's raw text. */
void raw_reset(parser *p);

/* Appends one text line (repaired, trailing blanks trimmed) to the raw cue
 * text. Over-long lines are dropped with an error. */
void raw_add_line(parser *p, const src_line *l);

void tb_put(text_builder *tb, const char *s, size_t n);

/* Writes the character reference at s (or a literal '&' when there is
 * none) and returns how many bytes it took. Shared by the WebVTT and SRT cue
 * text readers: both read references as HTML does (vtt_text.h). */
size_t put_entity(text_builder *tb, const char *s, size_t n);

void tb_sink(void *user, const char *utf8, size_t len, int italic);

/* Turns the collected raw text into a cue and appends it to the track. */
void add_cue(parser *p, int line, double start, double end, const char *id, size_t id_len,
             const caption_settings *settings, int vtt);

caption_track *parser_begin(parser *p, const char *name, const char *data, size_t len,
                            captions_diag *dg, captions_format format);

/* Files saved as UTF-16, UTF-32 or Windows-1252 are decoded to UTF-8 here
 * (text_decode.h says how the encoding is found); *data and *len then point
 * at the decoded text. Returns -1 when out of memory (p->failed set). */
int decode_input(parser *p, const char **data, size_t *len, int vtt);

/* Frees what the parser holds and the track: for a file rejected early. */
void parser_abandon(parser *p);

caption_track *parser_end(parser *p);

/* Reports l when it is a timing line with a broken arrow (an error: the
 * cue is lost). Returns 1 when it did. */
int report_broken_arrow(parser *p, const src_line *l);

/* ---- captions/captions.c ----------------------------------------- */

char *dup_mem(const char *s, size_t n);

/* ---- captions/vtt.c ---------------------------------------------- */

/* WebVTT cue text, by the spec's tokenizer and tree (vtt_text.h). */
void vtt_markup(parser *p, int line, text_builder *tb);

/* Reads exactly `want` digits (want == 0: one or more, at most 9). */
int read_digits(const char *s, size_t n, size_t *pos, size_t want, long *out,
                size_t *count);

/* ---- captions/srt.c ---------------------------------------------- */

/* SRT cue text: only the tags real SRT files use are markup (<i> <b> <u> <s>
 * <font ...> and their end tags, any case), plus ASS overrides such as {\an8};
 * any other '<' is literal text ("<3", "a < b"). */
void srt_markup(parser *p, text_builder *tb);

/* H+:MM:SS[,.]f+ with 1-2 digit minutes and seconds, or MM:SS[,.]f+; the
 * fraction is a decimal fraction (",5" is half a second) and is optional. */
int srt_timestamp(const char *s, size_t n, size_t *pos, double *out);

#endif
