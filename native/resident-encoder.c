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
 *   out: progress <id> <frames encoded>
 *        done <id> <frames encoded>
 *        error <id> <message>
 * <id> is a positive decimal number. Every line that is not a well-formed job or cancel gets an error
 * reply (id 0 when the line names no job): a line over MAX_LINE bytes, a NUL byte, an empty field,
 * an unknown command, key or value. A job waits for nothing but its own input and output: a job that
 * never ends (an input that blocks) is the caller's to detect and end, by killing the process.
 * The process ends when its standard input closes, or with its parent (PR_SET_PDEATHSIG).
 *
 * Builds without warnings (-Wall -Wextra) against FFmpeg 5.1 to 7.x: the APIs deprecated since
 * (AVFrame.interlaced_frame and top_field_first in libavutil 58.7, av_stream_new_side_data in
 * libavformat 60.15) are used only below those versions, their replacements from them on.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/dict.h>
#include <libavutil/log.h>
#include <libavutil/opt.h>
#include <libavutil/pixdesc.h>
#include <malloc.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#define RESIDENT_PROTOCOL 2
#define MAX_JOBS 64
#define MAX_FIELDS 256
#define MAX_LINE (1 << 16)
#define IDLE_TRIM_MS 60000

/* AVFrame.flags replaces interlaced_frame and top_field_first (libavutil 58.7.100). */
#define HAVE_FRAME_FLAGS (LIBAVUTIL_VERSION_INT >= AV_VERSION_INT(58, 7, 100))
/* AVCodecParameters.coded_side_data replaces AVStream's side data (libavformat 60.15.100). */
#define HAVE_CODECPAR_SIDE_DATA (LIBAVFORMAT_VERSION_INT >= AV_VERSION_INT(60, 15, 100))

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
  atomic_int cancelled;
} Job;

static pthread_mutex_t output_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t jobs_lock = PTHREAD_MUTEX_INITIALIZER;
static Job *jobs[MAX_JOBS];
static atomic_int active_jobs;

static void reply(const char *format, ...) {
  va_list args;
  pthread_mutex_lock(&output_lock);
  va_start(args, format);
  vfprintf(stdout, format, args);
  va_end(args);
  fputc('\n', stdout);
  fflush(stdout);
  pthread_mutex_unlock(&output_lock);
}

static void free_job(Job *job) {
  free(job->input);
  free(job->input_format);
  free(job->seek);
  av_dict_free(&job->metadata);
  free(job->output);
  free(job->format);
  free(job->codec);
  free(job->pix_fmt);
  av_dict_free(&job->encoder_options);
  free(job);
}

/* Error text without tabs or newlines (it travels in one field of one line). */
static void fail(char *error, size_t size, const char *what, int code) {
  char reason[AV_ERROR_MAX_STRING_SIZE] = "";
  if (code < 0) av_strerror(code, reason, sizeof reason);
  snprintf(error, size, "%s%s%s", what, code < 0 ? ": " : "", reason);
  for (char *c = error; *c; c++)
    if (*c == '\t' || *c == '\n') *c = ' ';
}

/* A frame's field flags, through whichever API this FFmpeg has. */
static int is_interlaced(const AVFrame *frame) {
#if HAVE_FRAME_FLAGS
  return !!(frame->flags & AV_FRAME_FLAG_INTERLACED);
#else
  return frame->interlaced_frame;
#endif
}

static int is_top_field_first(const AVFrame *frame) {
#if HAVE_FRAME_FLAGS
  return !!(frame->flags & AV_FRAME_FLAG_TOP_FIELD_FIRST);
#else
  return frame->top_field_first;
#endif
}

static void set_top_field_first(AVFrame *frame, int top) {
#if HAVE_FRAME_FLAGS
  if (top) frame->flags |= AV_FRAME_FLAG_TOP_FIELD_FIRST;
  else frame->flags &= ~AV_FRAME_FLAG_TOP_FIELD_FIRST;
#else
  frame->top_field_first = top;
#endif
}

/* Blocking reads and writes of a cancelled job return (AVIOInterruptCB). */
static int job_cancelled(void *opaque) {
  return atomic_load(&((Job *)opaque)->cancelled);
}

typedef struct Encoding {
  AVCodecContext *encoder;
  AVFormatContext *muxer;
  AVStream *stream;
  AVPacket *packet;
  int encoded;
} Encoding;

/* Opens the encoder and the muxer at the first frame to encode, as ffmpeg does. */
static int open_encoding(Job *job, Encoding *out, const AVCodecContext *decoder, const AVFrame *frame,
                         char *error, size_t size) {
  const AVCodec *codec = avcodec_find_encoder_by_name(job->codec);
  if (!codec) return fail(error, size, "no such encoder", 0), -1;
  if (job->pix_fmt && av_get_pix_fmt(job->pix_fmt) != frame->format)
    return fail(error, size, "pixel format conversion is not done here", 0), -1;
  AVCodecContext *encoder = avcodec_alloc_context3(codec);
  if (!encoder) return fail(error, size, "out of memory", 0), -1;
  out->encoder = encoder;
  encoder->width = frame->width;
  encoder->height = frame->height;
  encoder->pix_fmt = frame->format;
  encoder->sample_aspect_ratio = frame->sample_aspect_ratio;
  encoder->time_base = av_inv_q(job->rate);
  encoder->framerate = job->rate;
  encoder->chroma_sample_location = decoder->chroma_sample_location;
  if (job->top >= 0) encoder->field_order = job->top ? AV_FIELD_TT : AV_FIELD_BB;
  const AVPixFmtDescriptor *descriptor = av_pix_fmt_desc_get(frame->format);
  encoder->bits_per_raw_sample = FFMIN(decoder->bits_per_raw_sample, descriptor->comp[0].depth);
  int code = avformat_alloc_output_context2(&out->muxer, NULL, job->format, job->output);
  if (code < 0) return fail(error, size, "cannot create the output", code), -1;
  if (out->muxer->oformat->flags & AVFMT_GLOBALHEADER) encoder->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  AVDictionary *options = NULL;
  av_dict_copy(&options, job->encoder_options, 0);
  code = avcodec_open2(encoder, codec, &options);
  const AVDictionaryEntry *left = av_dict_get(options, "", NULL, AV_DICT_IGNORE_SUFFIX);
  char unknown[256] = "";
  if (left) snprintf(unknown, sizeof unknown, "encoder option not found: %s", left->key);
  av_dict_free(&options);
  if (code < 0) return fail(error, size, "cannot open the encoder", code), -1;
  if (left) return fail(error, size, unknown, 0), -1;
  out->stream = avformat_new_stream(out->muxer, NULL);
  if (!out->stream) return fail(error, size, "out of memory", 0), -1;
  code = avcodec_parameters_from_context(out->stream->codecpar, encoder);
  if (code < 0) return fail(error, size, "codec parameters", code), -1;
  out->stream->time_base = encoder->time_base;
  out->stream->avg_frame_rate = job->rate;
  out->stream->sample_aspect_ratio = encoder->sample_aspect_ratio;
  for (int i = 0; i < encoder->nb_coded_side_data; i++) {
    const AVPacketSideData *side = &encoder->coded_side_data[i];
#if HAVE_CODECPAR_SIDE_DATA
    AVPacketSideData *added = av_packet_side_data_new(&out->stream->codecpar->coded_side_data,
                                                      &out->stream->codecpar->nb_coded_side_data, side->type,
                                                      side->size, 0);
    uint8_t *copy = added ? added->data : NULL;
#else
    uint8_t *copy = av_stream_new_side_data(out->stream, side->type, side->size);
#endif
    if (!copy) return fail(error, size, "out of memory", 0), -1;
    memcpy(copy, side->data, side->size);
  }
  av_dict_copy(&out->muxer->metadata, job->metadata, 0);
  out->muxer->interrupt_callback = (AVIOInterruptCB){job_cancelled, job};
  code = avio_open2(&out->muxer->pb, job->output, AVIO_FLAG_WRITE, &out->muxer->interrupt_callback, NULL);
  if (code < 0) return fail(error, size, "cannot open the output", code), -1;
  code = avformat_write_header(out->muxer, NULL);
  if (code < 0) return fail(error, size, "cannot write the header", code), -1;
  out->packet = av_packet_alloc();
  if (!out->packet) return fail(error, size, "out of memory", 0), -1;
  return 0;
}

/* Sends a frame (NULL: the end) to the encoder and writes what comes out. */
static int encode(Job *job, Encoding *out, AVFrame *frame, char *error, size_t size) {
  int code = avcodec_send_frame(out->encoder, frame);
  if (code < 0) return fail(error, size, "encoding", code), -1;
  for (;;) {
    code = avcodec_receive_packet(out->encoder, out->packet);
    if (code == AVERROR(EAGAIN) || code == AVERROR_EOF) break;
    if (code < 0) return fail(error, size, "encoding", code), -1;
    av_packet_rescale_ts(out->packet, out->encoder->time_base, out->stream->time_base);
    out->packet->stream_index = 0;
    code = av_interleaved_write_frame(out->muxer, out->packet);
    if (code < 0) return fail(error, size, "writing", code), -1;
    out->encoded++;
    if (out->encoded % 8 == 0) reply("progress\t%ld\t%d", job->id, out->encoded);
  }
  return 0;
}

/* Receives the decoded frames waiting in the decoder; returns -1 on error, 1 when all are encoded. */
static int drain_decoder(Job *job, AVCodecContext *decoder, AVFrame *frame, Encoding *out, int *decoded,
                         int64_t first_pts, char *error, size_t size) {
  for (;;) {
    int code = avcodec_receive_frame(decoder, frame);
    if (code == AVERROR(EAGAIN) || code == AVERROR_EOF) return 0;
    if (code < 0) return fail(error, size, "decoding", code), -1;
    /* ffmpeg's accurate seek: frames shown before the seek point are decoded, not kept. */
    if (first_pts != AV_NOPTS_VALUE && frame->best_effort_timestamp != AV_NOPTS_VALUE &&
        frame->best_effort_timestamp < first_pts) {
      av_frame_unref(frame);
      continue;
    }
    int index = (*decoded)++;
    if (index >= job->leading && index < job->leading + job->count) {
      if (!out->encoder && open_encoding(job, out, decoder, frame, error, size) < 0) return -1;
      /* As ffmpeg does before encoding: its field order, the encoder decides picture types, frames
       * are numbered from 0 (setpts), the output stream says how the frames are interlaced. */
      if (job->top >= 0 && (out->encoder->flags & (AV_CODEC_FLAG_INTERLACED_DCT | AV_CODEC_FLAG_INTERLACED_ME)))
        set_top_field_first(frame, job->top);
      out->stream->codecpar->field_order = !is_interlaced(frame)      ? AV_FIELD_PROGRESSIVE
                                           : is_top_field_first(frame) ? AV_FIELD_TB
                                                                       : AV_FIELD_BT;
      frame->pts = index - job->leading;
      frame->pict_type = AV_PICTURE_TYPE_NONE;
      frame->quality = out->encoder->global_quality;
      if (encode(job, out, frame, error, size) < 0) return -1;
    }
    av_frame_unref(frame);
    if (*decoded >= job->leading + job->count) return 1;
    if (atomic_load(&job->cancelled)) return fail(error, size, "cancelled", 0), -1;
  }
}

/* Opens the input as ffmpeg does (forced format, -seek_timestamp 1 -ss); returns the stream's index. */
static int open_input(Job *job, AVFormatContext **input, int64_t *first_pts, char *error, size_t size) {
  const AVInputFormat *format = NULL;
  AVDictionary *options = NULL;
  if (job->input_format) {
    format = av_find_input_format(job->input_format);
    if (!format) return fail(error, size, "no such input format", 0), -1;
    char rate[32];
    snprintf(rate, sizeof rate, "%d/%d", job->rate.num, job->rate.den);
    av_dict_set(&options, "framerate", rate, 0);
  }
  *input = avformat_alloc_context();
  if (!*input) return av_dict_free(&options), fail(error, size, "out of memory", 0), -1;
  (*input)->interrupt_callback = (AVIOInterruptCB){job_cancelled, job};
  int code = avformat_open_input(input, job->input, format, &options);
  av_dict_free(&options);
  if (code < 0) return fail(error, size, "cannot read the input", code), -1;
  if (!job->input_format && (code = avformat_find_stream_info(*input, NULL)) < 0)
    return fail(error, size, "cannot read the input", code), -1;
  int index = job->stream >= 0 ? job->stream : av_find_best_stream(*input, AVMEDIA_TYPE_VIDEO, -1, -1, NULL, 0);
  if (index < 0 || index >= (int)(*input)->nb_streams ||
      (*input)->streams[index]->codecpar->codec_type != AVMEDIA_TYPE_VIDEO)
    return fail(error, size, "no such video stream", 0), -1;
  for (unsigned i = 0; i < (*input)->nb_streams; i++)
    if ((int)i != index) (*input)->streams[i]->discard = AVDISCARD_ALL;
  *first_pts = AV_NOPTS_VALUE;
  if (job->seek) {
    int64_t timestamp = llround(strtod(job->seek, NULL) * AV_TIME_BASE);
    int64_t target = timestamp;
    if (!((*input)->iformat->flags & AVFMT_SEEK_TO_PTS))
      for (unsigned i = 0; i < (*input)->nb_streams; i++)
        if ((*input)->streams[i]->codecpar->video_delay) {
          target -= 3 * AV_TIME_BASE / 23;
          break;
        }
    code = avformat_seek_file(*input, -1, INT64_MIN, target, target, 0);
    if (code < 0) return fail(error, size, "cannot seek in the input", code), -1;
    *first_pts = av_rescale_q(timestamp, AV_TIME_BASE_Q, (*input)->streams[index]->time_base);
  }
  return index;
}

static int run_job(Job *job, char *error, size_t size) {
  if (job->niceness > 0) setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), job->niceness);
  AVFormatContext *input = NULL;
  AVCodecContext *decoder = NULL;
  AVPacket *packet = av_packet_alloc();
  AVFrame *frame = av_frame_alloc();
  Encoding out = {0};
  int decoded = 0;
  int result = -1;
  int64_t first_pts;
  if (!packet || !frame) {
    fail(error, size, "out of memory", 0);
    goto end;
  }
  int index = open_input(job, &input, &first_pts, error, size);
  if (index < 0) goto end;
  AVStream *stream = input->streams[index];
  const AVCodec *codec = avcodec_find_decoder(stream->codecpar->codec_id);
  decoder = codec ? avcodec_alloc_context3(codec) : NULL;
  if (!decoder) {
    fail(error, size, "no decoder for the input", 0);
    goto end;
  }
  int code = avcodec_parameters_to_context(decoder, stream->codecpar);
  if (code < 0) {
    fail(error, size, "decoder parameters", code);
    goto end;
  }
  decoder->pkt_timebase = stream->time_base;
  AVDictionary *decoder_options = NULL;
  char threads[16];
  snprintf(threads, sizeof threads, "%d", job->decoder_threads);
  av_dict_set(&decoder_options, "threads", job->decoder_threads < 0 ? "auto" : threads, 0);
  code = avcodec_open2(decoder, codec, &decoder_options);
  av_dict_free(&decoder_options);
  if (code < 0) {
    fail(error, size, "cannot open the decoder", code);
    goto end;
  }
  for (int finished = 0; !finished;) {
    code = av_read_frame(input, packet);
    if (code == AVERROR_EOF) {
      avcodec_send_packet(decoder, NULL);
      finished = 1;
    } else if (code < 0) {
      fail(error, size, "reading the input", code);
      goto end;
    } else {
      if (packet->stream_index == index) code = avcodec_send_packet(decoder, packet);
      av_packet_unref(packet);
      if (code < 0 && code != AVERROR_INVALIDDATA) {
        fail(error, size, "decoding", code);
        goto end;
      }
    }
    int drained = drain_decoder(job, decoder, frame, &out, &decoded, first_pts, error, size);
    if (drained < 0) goto end;
    if (drained == 1) finished = 1;
  }
  if (!out.encoder || decoded < job->leading + job->count) {
    snprintf(error, size, "the input holds %d pictures, %d wanted", decoded, job->leading + job->count);
    goto end;
  }
  if (encode(job, &out, NULL, error, size) < 0) goto end;
  code = av_write_trailer(out.muxer);
  if (code < 0) {
    fail(error, size, "writing the end of the output", code);
    goto end;
  }
  result = out.encoded;
end:
  if (out.muxer) {
    if (out.muxer->pb) avio_closep(&out.muxer->pb);
    avformat_free_context(out.muxer);
  }
  avcodec_free_context(&out.encoder);
  av_packet_free(&out.packet);
  avcodec_free_context(&decoder);
  avformat_close_input(&input);
  av_packet_free(&packet);
  av_frame_free(&frame);
  if (result < 0) unlink(job->output);
  return result;
}

static void *job_thread(void *argument) {
  Job *job = argument;
  char error[512] = "";
  int encoded = run_job(job, error, sizeof error);
  pthread_mutex_lock(&jobs_lock);
  for (int i = 0; i < MAX_JOBS; i++)
    if (jobs[i] == job) jobs[i] = NULL;
  pthread_mutex_unlock(&jobs_lock);
  if (encoded >= 0) reply("done\t%ld\t%d", job->id, encoded);
  else reply("error\t%ld\t%s", job->id, error);
  free_job(job);
  atomic_fetch_sub(&active_jobs, 1);
  return NULL;
}

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
static void handle_line(char *line, size_t length) {
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
    pthread_mutex_lock(&jobs_lock);
    for (int i = 0; i < MAX_JOBS; i++)
      if (jobs[i] && jobs[i]->id == id) atomic_store(&jobs[i]->cancelled, 1);
    pthread_mutex_unlock(&jobs_lock);
    return;
  }
  char error[256] = "";
  Job *job = parse_job(id, fields, count, error, sizeof error);
  if (!job) {
    for (char *c = error; *c; c++)
      if (*c == '\t' || *c == '\n' || *c == '\r') *c = ' ';
    ANSWER("error\t%ld\t%s", id, error);
  }
  pthread_mutex_lock(&jobs_lock);
  int slot = -1;
  for (int i = 0; i < MAX_JOBS && slot < 0; i++)
    if (!jobs[i]) slot = i;
  if (slot >= 0) jobs[slot] = job;
  pthread_mutex_unlock(&jobs_lock);
  if (slot < 0) {
    reply("error\t%ld\ttoo many jobs at once", id);
    free_job(job);
    return;
  }
  atomic_fetch_add(&active_jobs, 1);
  pthread_t thread;
  pthread_attr_t attributes;
  pthread_attr_init(&attributes);
  pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
  if (pthread_create(&thread, &attributes, job_thread, job) != 0) {
    pthread_mutex_lock(&jobs_lock);
    jobs[slot] = NULL;
    pthread_mutex_unlock(&jobs_lock);
    atomic_fetch_sub(&active_jobs, 1);
    reply("error\t%ld\tcannot start a thread", id);
    free_job(job);
  }
  pthread_attr_destroy(&attributes);
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
  reply("hello\t%d\t%s", RESIDENT_PROTOCOL, av_version_info());
  static char buffer[MAX_LINE + 1];
  size_t filled = 0;
  int trimmed = 1;
  int skipping = 0; /* the rest of a line over MAX_LINE bytes (already answered): dropped */
  for (;;) {
    struct pollfd input = {.fd = STDIN_FILENO, .events = POLLIN};
    int ready = poll(&input, 1, IDLE_TRIM_MS);
    if (ready == 0) {
      if (!trimmed && atomic_load(&active_jobs) == 0) {
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
