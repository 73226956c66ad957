/*
 * What the resident encoder's files share: the protocol's limits, a job as its line describes it,
 * and what each file offers the others. The process and its protocol are described in main.c.
 *   main.c      the process: standard input read line by line, replies, idle memory trimming
 *   protocol.c  a line parsed and checked: a job started, a job cancelled, or an error reply
 *   jobs.c      the running jobs: one thread each, at most MAX_JOBS, cancellation
 *   encode.c    one job with FFmpeg's libraries: input opened and seeked, decoded, encoded, muxed
 */
#ifndef RESIDENT_ENCODER_H
#define RESIDENT_ENCODER_H

#include <libavutil/dict.h>
#include <libavutil/rational.h>
#include <stdatomic.h>
#include <stddef.h>

#define RESIDENT_PROTOCOL 4
#define MAX_JOBS 64
#define MAX_FIELDS 256
#define MAX_LINE (1 << 16)
#define IDLE_TRIM_MS 60000

typedef struct Job {
  long id;
  char *input;
  char *input_format; /* forced demuxer (h264 for a fed elementary stream), or NULL */
  char *seek;         /* seconds, absolute (ffmpeg's -seek_timestamp 1 -ss), or NULL */
  int stream;         /* input stream index; -1: the first video stream */
  int top;            /* ffmpeg's -top: 1 top field first, 0 bottom, -1 as decoded */
  AVDictionary *metadata;
  char *output;
  char *format;
  char *codec;
  char *pix_fmt;
  int leading;
  int count;
  AVRational rate;
  int decoder_threads; /* -1: ffmpeg's default (auto) */
  int niceness;
  AVDictionary *encoder_options;
  /* A decode window (ptsout given): the `count` frames after `leading` are decoded, their times
   * written to pts_output, only frame `keep` of them encoded; `accurate` 0 keeps every frame from
   * the seek point (ffmpeg's -noaccurate_seek); anything the libraries log at error level while it
   * runs, a packet the decoder refuses, or a frame it marks corrupt or concealed, ends it as a
   * decode failure (ffmpeg's -v error -xerror). */
  char *pts_output;
  int keep;
  int accurate;
  /* Decoded frames [ref_from, ref_from + ref_count) (the same count as `leading`) also written raw,
   * in the decoder's pixel format, to ref_output (protocol 4, not with ptsout): the master's frames
   * around a clip's edge, taken from the decode that encodes it. The job decodes until both its
   * encoded frames and these are out. */
  char *ref_output;
  int ref_from;
  int ref_count;
  /* A decode window's first decode error; written and read only by the functions below (main.c),
   * as the window's decoder may log from frame threads of its own. */
  char decode_error[256];
  atomic_int cancelled;
} Job;

/* The job the calling thread runs, when it is a decode window (its log lines are its own). A window's
 * decoder also holds its job as `opaque`: lines its frame threads log are the window's too. */
extern _Thread_local Job *window_job;

/* main.c: records a decode window's decode error (the first one only); safe from any thread. */
void set_window_error(Job *job, const char *message);
/* main.c: copies the window's decode error into `out` (when not NULL); whether there is one. */
int window_error_of(Job *job, char *out, size_t size);

/* encode.c: run_job's result for a decode window that met a decode error (message in `error`). */
#define DECODE_FAILED (-2)

/* main.c: writes one reply line (printf format, without its newline); safe from any thread. */
void reply(const char *format, ...) __attribute__((format(printf, 1, 2)));

/* protocol.c: handles one line of `length` bytes (its newline replaced by a NUL). */
void handle_line(char *line, size_t length);

/* jobs.c */
void free_job(Job *job);
/* Runs the job on a thread of its own, which replies done or error and frees it; when it cannot
 * (too many jobs, no thread), replies the error and frees the job. */
void start_job(Job *job);
/* Marks the running job `id` cancelled (its blocking reads and writes return). */
void cancel_job(long id);
/* How many jobs are running. */
int active_job_count(void);

/* encode.c: runs a job; the number of frames encoded, or -1 with a message in `error`. */
int run_job(Job *job, char *error, size_t size);

#endif
