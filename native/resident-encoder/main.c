/*
 * The resident encoder: a long-lived process that re-encodes the heads and tails of smart cuts with
 * FFmpeg's own libraries (demuxers, decoders, libx264 and mpeg2video through libavcodec, muxers), the
 * same code `ffmpeg` runs for `[-f h264] [-seek_timestamp 1 -ss T] -i IN -map 0:S
 * -vf trim=start_frame=L:end_frame=L+N,setpts=… -fps_mode passthrough <encoder args> -f FORMAT OUT`.
 *
 * Why a process that stays: each `ffmpeg` pays ~55 ms of CPU to load and relocate 215 libraries, and
 * the kernel zeroes every page its decoder and encoder touch (~220 MB for a 1080p head). Here the
 * libraries are loaded once, and freed memory stays in the process (one malloc arena, no trimming
 * while busy), so the next job's buffers are pages already mapped. After a minute without jobs the
 * memory is given back (malloc_trim).
 *
 * Protocol (version RESIDENT_PROTOCOL), one line per message, fields separated by tabs:
 *   out, first: hello <protocol version> <FFmpeg version>
 *   in:  job <id> key=value…   keys: in informat seek(seconds) stream out format leading count
 *                              rate(num/den) dthreads nice codec pix_fmt top(0|1), o:<name>=<value>
 *                              for each encoder option (AVOptions, as ffmpeg's -name:v value) and
 *                              m:<name>=<value> for the output's metadata
 *        cancel <id>
 *                              decode windows (protocol 3): ptsout(path) keep accurate(0|1)
 *                              decoded frames also written raw (protocol 4, not with ptsout):
 *                              refout(path) reffrom refcount
 *   out: progress <id> <frames encoded>
 *        done <id> <frames encoded; for a decode window, frames decoded>
 *        decodefail <id> <message>   a decode window met a decode error (the input's fault)
 *        error <id> <message>
 * <id> is a positive decimal number. Every line that is not a well-formed job or cancel gets an error
 * reply (id 0 when the line names no job): a line over MAX_LINE bytes, a NUL byte, an empty field,
 * an unknown command, key or value. A job waits for nothing but its own input and output: a job that
 * never ends (an input that blocks) is the caller's to detect and end, by killing the process.
 * The process ends when its standard input closes, or with its parent (PR_SET_PDEATHSIG).
 *
 * This file is the process: lines read from standard input (protocol.c handles each), replies
 * written, idle memory trimmed. jobs.c runs the jobs, encode.c encodes one (resident-encoder.h lists
 * the files). Builds without warnings (-Wall -Wextra) against FFmpeg 5.1 to 7.x (encode.c's version
 * guards): scripts/build-native.mjs compiles every .c file of this folder into one binary.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <libavcodec/avcodec.h>
#include <libavutil/avutil.h>
#include <libavutil/log.h>
#include <malloc.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "resident-encoder.h"

static pthread_mutex_t output_lock = PTHREAD_MUTEX_INITIALIZER;

_Thread_local Job *window_job;

static pthread_mutex_t window_error_lock = PTHREAD_MUTEX_INITIALIZER;

void set_window_error(Job *job, const char *message) {
  pthread_mutex_lock(&window_error_lock);
  if (!job->decode_error[0]) {
    snprintf(job->decode_error, sizeof job->decode_error, "%s", message[0] ? message : "decode error");
    for (char *c = job->decode_error; *c; c++)
      if (*c == '\t' || *c == '\n' || *c == '\r') *c = ' ';
  }
  pthread_mutex_unlock(&window_error_lock);
}

int window_error_of(Job *job, char *out, size_t size) {
  pthread_mutex_lock(&window_error_lock);
  int failed = job->decode_error[0] != 0;
  if (failed && out) snprintf(out, size, "%s", job->decode_error);
  pthread_mutex_unlock(&window_error_lock);
  return failed;
}

/* The decode window a log line belongs to: the one this thread runs, or the one whose decoder logs
 * it from a frame thread (each thread's copy of the decoder's context keeps its `opaque`). */
static Job *window_of(void *context) {
  if (window_job) return window_job;
  if (context && *(const AVClass **)context == avcodec_get_class()) return ((AVCodecContext *)context)->opaque;
  return NULL;
}

/* FFmpeg's log: a line at error level from a decode window is that window's decode error (the first
 * one kept, without tabs or newlines); everything goes to stderr as before. */
static void log_line(void *context, int level, const char *format, va_list args) {
  Job *job = level <= AV_LOG_ERROR ? window_of(context) : NULL;
  if (job) {
    char line[sizeof job->decode_error];
    va_list copy;
    va_copy(copy, args);
    int prefix = 1;
    av_log_format_line(context, level, format, copy, line, sizeof line, &prefix);
    va_end(copy);
    set_window_error(job, line);
  }
  av_log_default_callback(context, level, format, args);
}

void reply(const char *format, ...) {
  va_list args;
  pthread_mutex_lock(&output_lock);
  va_start(args, format);
  vfprintf(stdout, format, args);
  va_end(args);
  fputc('\n', stdout);
  fflush(stdout);
  pthread_mutex_unlock(&output_lock);
}

int main(void) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() == 1) return 1;
  signal(SIGPIPE, SIG_IGN);
  /* One arena and no trimming: buffers freed by a job are the next job's, already mapped. */
  mallopt(M_ARENA_MAX, 1);
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  av_log_set_level(AV_LOG_ERROR);
  av_log_set_callback(log_line);
  reply("hello\t%d\t%s", RESIDENT_PROTOCOL, av_version_info());
  static char buffer[MAX_LINE + 1];
  size_t filled = 0;
  int trimmed = 1;
  int skipping = 0; /* the rest of a line over MAX_LINE bytes (already answered): dropped */
  for (;;) {
    struct pollfd input = {.fd = STDIN_FILENO, .events = POLLIN};
    int ready = poll(&input, 1, IDLE_TRIM_MS);
    if (ready == 0) {
      if (!trimmed && active_job_count() == 0) {
        malloc_trim(0);
        trimmed = 1;
      }
      continue;
    }
    if (ready < 0) {
      if (errno == EINTR) continue;
      return 1;
    }
    ssize_t got = read(STDIN_FILENO, buffer + filled, sizeof buffer - 1 - filled);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    trimmed = 0;
    filled += (size_t)got;
    char *start = buffer;
    for (char *newline; (newline = memchr(start, '\n', filled - (size_t)(start - buffer)));) {
      *newline = '\0';
      if (!skipping) handle_line(start, (size_t)(newline - start));
      skipping = 0;
      start = newline + 1;
    }
    filled -= (size_t)(start - buffer);
    memmove(buffer, start, filled);
    if (filled == sizeof buffer - 1) {
      if (!skipping) reply("error\t0\ta line longer than %d bytes", MAX_LINE);
      skipping = 1;
      filled = 0;
    }
  }
  /* Standard input closed: the parent is gone or done; running jobs end with the process. */
  return 0;
}
