/*
 * The small C API InPage's speech worker calls. Each decoder is a handle (its pointer), so one module
 * can run a transcription and live captions side by side. Audio goes in as 16-bit blocks; strings
 * come back in a buffer owned by this file, valid until the next call that returns one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <emscripten.h>
#include <pocketsphinx.h>
#include <sphinxbase/err.h>

static char *text;
static size_t text_size;

/* Appends to the shared string buffer, growing it as needed. */
static void append(size_t *used, const char *word, int start, int end) {
    size_t need = strlen(word) + 32;
    if (*used + need >= text_size) {
        text_size = (text_size + need) * 2;
        text = realloc(text, text_size);
    }
    *used += snprintf(text + *used, text_size - *used, "%s %d %d\n", word, start, end);
}

/* A decoder from "-name value" pairs separated by blanks (model paths are in MEMFS); 0 on failure. */
EMSCRIPTEN_KEEPALIVE ps_decoder_t *inpage_ps_init(const char *options) {
    char *copy = strdup(options);
    char *argv[64];
    int argc = 0;
    for (char *token = strtok(copy, " \t\n"); token && argc < 64; token = strtok(NULL, " \t\n")) argv[argc++] = token;
    err_set_logfp(NULL);
    cmd_ln_t *config = cmd_ln_parse_r(NULL, ps_args(), argc, argv, FALSE);
    free(copy);
    if (!config) return NULL;
    ps_decoder_t *decoder = ps_init(config);
    cmd_ln_free_r(config); /* the decoder keeps its own reference */
    return decoder;
}

EMSCRIPTEN_KEEPALIVE int inpage_ps_start(ps_decoder_t *decoder) { return ps_start_utt(decoder); }

/* Decodes `count` samples; the number of frames searched, or a negative error. `whole` says they are
 * the entire utterance, so cepstral mean normalisation uses all of it (as pocketsphinx_batch does). */
EMSCRIPTEN_KEEPALIVE int inpage_ps_process(ps_decoder_t *decoder, const int16 *samples, int count, int whole) {
    return ps_process_raw(decoder, samples, count, FALSE, whole ? TRUE : FALSE);
}

/* Whether the voice activity detector hears speech in what was processed last. */
EMSCRIPTEN_KEEPALIVE int inpage_ps_in_speech(ps_decoder_t *decoder) { return ps_get_in_speech(decoder); }

EMSCRIPTEN_KEEPALIVE int inpage_ps_end(ps_decoder_t *decoder) { return ps_end_utt(decoder); }

/* The best hypothesis so far (during an utterance) or the final one (after its end); "" when none. */
EMSCRIPTEN_KEEPALIVE const char *inpage_ps_hypothesis(ps_decoder_t *decoder) {
    const char *hyp = ps_get_hyp(decoder, NULL);
    return hyp ? hyp : "";
}

/* The segments of the last hypothesis, one a line: "word start_frame end_frame" (100 frames a second),
 * fillers such as <sil> included: the caller decides what to show. */
EMSCRIPTEN_KEEPALIVE const char *inpage_ps_words(ps_decoder_t *decoder) {
    size_t used = 0;
    if (!text) text = calloc(text_size = 256, 1);
    text[0] = '\0';
    for (ps_seg_t *seg = ps_seg_iter(decoder); seg; seg = ps_seg_next(seg)) {
        int start, end;
        ps_seg_frames(seg, &start, &end);
        append(&used, ps_seg_word(seg), start, end);
    }
    return text;
}

EMSCRIPTEN_KEEPALIVE void inpage_ps_free(ps_decoder_t *decoder) { ps_free(decoder); }
