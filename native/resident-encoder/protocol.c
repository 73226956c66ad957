/*
 * The resident encoder's line protocol (described in main.c): a line split into its tab-separated
 * fields and checked, then a job parsed from its key=value fields and started, or a job cancelled;
 * every malformed line gets an error reply, by the job's id when the line names one.
 */
#include <errno.h>
#include <libavutil/dict.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "resident-encoder.h"

/* A whole decimal integer in [min, max]; 0 when `text` is anything else. */
static int parse_long(const char *text, long min, long max, long *out) {
  if (!*text || *text == ' ' || *text == '+') return 0;
  char *end = NULL;
  errno = 0;
  long value = strtol(text, &end, 10);
  if (errno || *end || value < min || value > max) return 0;
  *out = value;
  return 1;
}

static int parse_int(const char *text, int min, int max, int *out) {
  long value;
  if (!parse_long(text, min, max, &value)) return 0;
  *out = (int)value;
  return 1;
}

/* A copy of `value` into `*field` (a repeated key: the last one). */
static int set_string(char **field, const char *value) {
  free(*field);
  *field = strdup(value);
  return *field != NULL;
}

/* The first characters of a field, for an error message (no tabs or newlines: it is one field). */
static const char *excerpt(const char *text, char *buffer, size_t size) {
  snprintf(buffer, size, "%s", text);
  return buffer;
}

/* Parses "job <id> key=value…" (fields already split, id checked); NULL with a message when malformed. */
static Job *parse_job(long id, char **fields, int count, char *error, size_t size) {
  Job *job = calloc(1, sizeof *job);
  if (!job) return snprintf(error, size, "out of memory"), NULL;
  job->id = id;
  job->decoder_threads = -1;
  job->stream = -1;
  job->top = -1;
  job->rate = (AVRational){0, 1};
  job->keep = -1;
  job->accurate = 1;
  char shown[64];
  for (int i = 2; i < count; i++) {
    char *eq = strchr(fields[i], '=');
    if (!eq || eq == fields[i]) {
      snprintf(error, size, "malformed field: %s", excerpt(fields[i], shown, sizeof shown));
      goto bad;
    }
    *eq = '\0';
    const char *key = fields[i];
    const char *value = eq + 1;
    int ok = 1;
    if (strncmp(key, "o:", 2) == 0 && key[2]) ok = av_dict_set(&job->encoder_options, key + 2, value, 0) >= 0;
    else if (strncmp(key, "m:", 2) == 0 && key[2]) ok = av_dict_set(&job->metadata, key + 2, value, 0) >= 0;
    else if (!strcmp(key, "in")) ok = *value && set_string(&job->input, value);
    else if (!strcmp(key, "informat")) ok = *value && set_string(&job->input_format, value);
    else if (!strcmp(key, "seek")) {
      char *end = NULL;
      double seconds = strtod(value, &end);
      ok = *value && !*end && isfinite(seconds) && seconds >= 0 && seconds < 1e9 && set_string(&job->seek, value);
    } else if (!strcmp(key, "stream")) ok = parse_int(value, 0, 65535, &job->stream);
    else if (!strcmp(key, "top")) ok = parse_int(value, 0, 1, &job->top);
    else if (!strcmp(key, "out")) ok = *value && set_string(&job->output, value);
    else if (!strcmp(key, "format")) ok = *value && set_string(&job->format, value);
    else if (!strcmp(key, "codec")) ok = *value && set_string(&job->codec, value);
    else if (!strcmp(key, "pix_fmt")) ok = *value && set_string(&job->pix_fmt, value);
    else if (!strcmp(key, "leading")) ok = parse_int(value, 0, 1 << 24, &job->leading);
    else if (!strcmp(key, "count")) ok = parse_int(value, 1, 1 << 24, &job->count);
    else if (!strcmp(key, "dthreads")) ok = parse_int(value, 0, 256, &job->decoder_threads);
    else if (!strcmp(key, "nice")) ok = parse_int(value, 0, 19, &job->niceness);
    else if (!strcmp(key, "ptsout")) ok = *value && set_string(&job->pts_output, value);
    else if (!strcmp(key, "keep")) ok = parse_int(value, 0, 1 << 24, &job->keep);
    else if (!strcmp(key, "accurate")) ok = parse_int(value, 0, 1, &job->accurate);
    else if (!strcmp(key, "refout")) ok = *value && set_string(&job->ref_output, value);
    else if (!strcmp(key, "reffrom")) ok = parse_int(value, 0, 1 << 24, &job->ref_from);
    else if (!strcmp(key, "refcount")) ok = parse_int(value, 1, 1 << 24, &job->ref_count);
    else if (!strcmp(key, "rate")) {
      char *slash = strchr(value, '/');
      if (slash) *slash = '\0';
      ok = slash && parse_int(value, 1, 1 << 20, &job->rate.num) && parse_int(slash + 1, 1, 1 << 20, &job->rate.den);
      if (slash) *slash = '/';
    } else {
      snprintf(error, size, "unknown field: %s", excerpt(key, shown, sizeof shown));
      goto bad;
    }
    if (!ok) {
      snprintf(error, size, "bad value for %s", excerpt(key, shown, sizeof shown));
      goto bad;
    }
  }
  if (!job->input || !job->output || !job->format || !job->codec || job->count <= 0 || job->rate.num <= 0) {
    snprintf(error, size, "incomplete job (in, out, format, codec, count and rate are needed)");
    goto bad;
  }
  if (job->pts_output ? job->keep < 0 || job->keep >= job->count : job->keep >= 0 || !job->accurate) {
    snprintf(error, size, "keep (below count) and accurate go with ptsout");
    goto bad;
  }
  if (job->ref_output ? job->pts_output || job->ref_count <= 0 : job->ref_count > 0 || job->ref_from > 0) {
    snprintf(error, size, "refout goes with refcount (reffrom, refcount and refout together), not with ptsout");
    goto bad;
  }
  return job;
bad:
  free_job(job);
  return NULL;
}

/* Replies and returns from a void function. */
#define ANSWER(...)      \
  do {                   \
    reply(__VA_ARGS__);  \
    return;              \
  } while (0)

/* The job id a line starts with ("job\t<id>" or "cancel\t<id>"), or 0: errors about it name the job. */
static long line_id(const char *line) {
  const char *after = !strncmp(line, "job\t", 4) ? line + 4 : !strncmp(line, "cancel\t", 7) ? line + 7 : NULL;
  if (!after || *after < '0' || *after > '9') return 0;
  char *end = NULL;
  errno = 0;
  long id = strtol(after, &end, 10);
  return !errno && id > 0 && (*end == '\t' || *end == '\0') ? id : 0;
}

/* Handles one line of `length` bytes (its newline replaced by a NUL); every malformed line is answered,
 * by the job's id when the line names one. */
void handle_line(char *line, size_t length) {
  long id = line_id(line);
  if (strlen(line) != length) ANSWER("error\t%ld\ta NUL byte in the line", id);
  char *fields[MAX_FIELDS];
  int count = 0;
  for (char *field = line;; count++) {
    if (count == MAX_FIELDS) ANSWER("error\t%ld\tmore than %d fields", id, MAX_FIELDS);
    fields[count] = field;
    char *tab = strchr(field, '\t');
    if (tab == field || !*field) ANSWER("error\t%ld\tan empty field", id);
    if (!tab) {
      count++;
      break;
    }
    *tab = '\0';
    field = tab + 1;
  }
  int job_line = !strcmp(fields[0], "job");
  if (!job_line && strcmp(fields[0], "cancel") != 0) ANSWER("error\t0\tunknown command");
  if (!id) ANSWER("error\t0\tmalformed job id");
  if (!job_line) {
    if (count != 2) ANSWER("error\t%ld\tcancel takes only a job id", id);
    cancel_job(id);
    return;
  }
  char error[256] = "";
  Job *job = parse_job(id, fields, count, error, sizeof error);
  if (!job) {
    for (char *c = error; *c; c++)
      if (*c == '\t' || *c == '\n' || *c == '\r') *c = ' ';
    ANSWER("error\t%ld\t%s", id, error);
  }
  start_job(job);
}
