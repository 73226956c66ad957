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
 * Protocol, one line per message, fields separated by tabs:
 *   in:  job <id> key=value…   keys: in informat seek(seconds) stream out format leading count
 *                              rate(num/den) dthreads nice codec pix_fmt top(0|1), o:<name>=<value>
 *                              for each encoder option (AVOptions, as ffmpeg's -name:v value) and
 *                              m:<name>=<value> for the output's metadata
 *        cancel <id>
 *   out: progress <id> <frames encoded>
 *        done <id> <frames encoded>
 *        error <id> <message>
 * The process ends when its standard input closes, or with its parent (PR_SET_PDEATHSIG).
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

#define MAX_JOBS 64
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
    uint8_t *copy = av_stream_new_side_data(out->stream, side->type, side->size);
    if (!copy) return fail(error, size, "out of memory", 0), -1;
    memcpy(copy, side->data, side->size);
  }
  av_dict_copy(&out->muxer->metadata, job->metadata, 0);
  code = avio_open(&out->muxer->pb, job->output, AVIO_FLAG_WRITE);
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
        frame->top_field_first = job->top;
      out->stream->codecpar->field_order = !frame->interlaced_frame ? AV_FIELD_PROGRESSIVE
                                           : frame->top_field_first ? AV_FIELD_TB
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

/* Parses "job <id> key=value…" (fields already split); NULL with a message when malformed. */
static Job *parse_job(char **fields, int count, char *error, size_t size) {
  Job *job = calloc(1, sizeof *job);
  if (!job) return NULL;
  job->id = strtol(fields[1], NULL, 10);
  job->decoder_threads = -1;
  job->stream = -1;
  job->top = -1;
  job->rate = (AVRational){0, 1};
  for (int i = 2; i < count; i++) {
    char *eq = strchr(fields[i], '=');
    if (!eq) continue;
    *eq = '\0';
    const char *key = fields[i];
    const char *value = eq + 1;
    if (strncmp(key, "o:", 2) == 0) av_dict_set(&job->encoder_options, key + 2, value, 0);
    else if (strncmp(key, "m:", 2) == 0) av_dict_set(&job->metadata, key + 2, value, 0);
    else if (!strcmp(key, "in")) job->input = strdup(value);
    else if (!strcmp(key, "informat")) job->input_format = strdup(value);
    else if (!strcmp(key, "seek")) job->seek = strdup(value);
    else if (!strcmp(key, "stream")) job->stream = atoi(value);
    else if (!strcmp(key, "top")) job->top = atoi(value);
    else if (!strcmp(key, "out")) job->output = strdup(value);
    else if (!strcmp(key, "format")) job->format = strdup(value);
    else if (!strcmp(key, "codec")) job->codec = strdup(value);
    else if (!strcmp(key, "pix_fmt")) job->pix_fmt = strdup(value);
    else if (!strcmp(key, "leading")) job->leading = atoi(value);
    else if (!strcmp(key, "count")) job->count = atoi(value);
    else if (!strcmp(key, "dthreads")) job->decoder_threads = atoi(value);
    else if (!strcmp(key, "nice")) job->niceness = atoi(value);
    else if (!strcmp(key, "rate")) sscanf(value, "%d/%d", &job->rate.num, &job->rate.den);
  }
  if (!job->input || !job->output || !job->format || !job->codec || job->count <= 0 || job->leading < 0 ||
      job->rate.num <= 0 || job->rate.den <= 0) {
    snprintf(error, size, "incomplete job");
    free_job(job);
    return NULL;
  }
  return job;
}

static void handle_line(char *line) {
  char *fields[256];
  int count = 0;
  char *save = NULL;
  for (char *field = strtok_r(line, "\t", &save); field && count < 256; field = strtok_r(NULL, "\t", &save))
    fields[count++] = field;
  if (count < 2) return;
  long id = strtol(fields[1], NULL, 10);
  if (!strcmp(fields[0], "cancel")) {
    pthread_mutex_lock(&jobs_lock);
    for (int i = 0; i < MAX_JOBS; i++)
      if (jobs[i] && jobs[i]->id == id) atomic_store(&jobs[i]->cancelled, 1);
    pthread_mutex_unlock(&jobs_lock);
    return;
  }
  if (strcmp(fields[0], "job") != 0) return;
  char error[256] = "";
  Job *job = parse_job(fields, count, error, sizeof error);
  if (!job) {
    reply("error\t%ld\t%s", id, error[0] ? error : "out of memory");
    return;
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
  reply("ready\t0\t%s", av_version_info());
  char buffer[1 << 16];
  size_t filled = 0;
  int trimmed = 1;
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
    ssize_t got = read(STDIN_FILENO, buffer + filled, sizeof buffer - filled - 1);
    if (got <= 0) break;
    trimmed = 0;
    filled += (size_t)got;
    buffer[filled] = '\0';
    char *start = buffer;
    for (char *newline; (newline = memchr(start, '\n', filled - (size_t)(start - buffer)));) {
      *newline = '\0';
      handle_line(start);
      start = newline + 1;
    }
    filled -= (size_t)(start - buffer);
    memmove(buffer, start, filled);
    if (filled == sizeof buffer - 1) filled = 0; /* a line longer than the buffer: dropped */
  }
  /* Standard input closed: the parent is gone or done; running jobs end with the process. */
  return 0;
}
