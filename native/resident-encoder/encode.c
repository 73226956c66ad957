/*
 * One job of the resident encoder, with FFmpeg's libraries as `ffmpeg` runs them: the input opened
 * (forced format, accurate seek), the video stream decoded, the wanted frames (after `leading`, `count`
 * of them) given ffmpeg's field order and timestamps, encoded and muxed; the encoder and muxer open
 * at the first frame to encode. A cancelled job's blocking reads and writes return.
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
#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
#include <libavutil/pixdesc.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "resident-encoder.h"

/* AVFrame.flags replaces interlaced_frame and top_field_first (libavutil 58.7.100). */
#define HAVE_FRAME_FLAGS (LIBAVUTIL_VERSION_INT >= AV_VERSION_INT(58, 7, 100))
/* AVCodecParameters.coded_side_data replaces AVStream's side data (libavformat 60.15.100). */
#define HAVE_CODECPAR_SIDE_DATA (LIBAVFORMAT_VERSION_INT >= AV_VERSION_INT(60, 15, 100))

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

/* A decode window's decode error (the first one): what the input holds, not a fault of the job. */
static void window_error(Job *job, const char *what, int code) {
  if (!job->pts_output || window_error_of(job, NULL, 0)) return;
  char message[sizeof job->decode_error];
  fail(message, sizeof message, what, code);
  set_window_error(job, message);
}

/* Decoded frames the job needs: its encoded ones, and the ones it writes raw (refout). */
static int frames_needed(const Job *job) {
  return FFMAX(job->leading + job->count, job->ref_output ? job->ref_from + job->ref_count : 0);
}

/* Writes a decoded frame raw (its planes packed, as the rawvideo encoder and muxer write it). */
static int write_raw(FILE *file, const AVFrame *frame, char *error, size_t size) {
  int bytes = av_image_get_buffer_size(frame->format, frame->width, frame->height, 1);
  if (bytes < 0) return fail(error, size, "raw frame size", bytes), -1;
  uint8_t *buffer = av_malloc(bytes);
  if (!buffer) return fail(error, size, "out of memory", 0), -1;
  int code = av_image_copy_to_buffer(buffer, bytes, (const uint8_t *const *)frame->data, frame->linesize,
                                     frame->format, frame->width, frame->height, 1);
  int written = code >= 0 && fwrite(buffer, 1, bytes, file) == (size_t)bytes;
  av_free(buffer);
  if (code < 0) return fail(error, size, "raw frame", code), -1;
  if (!written) return fail(error, size, "writing the raw frames", AVERROR(errno)), -1;
  return 0;
}

/* Receives the decoded frames waiting in the decoder; returns -1 on error, 1 when all are encoded.
 * A decode window writes every counted frame's time to `times` and encodes only frame `keep`. */
static int drain_decoder(Job *job, AVCodecContext *decoder, AVFrame *frame, Encoding *out, int *decoded,
                         int64_t first_pts, FILE *times, FILE *refs, char *error, size_t size) {
  for (;;) {
    int code = avcodec_receive_frame(decoder, frame);
    if (code == AVERROR(EAGAIN) || code == AVERROR_EOF) return 0;
    if (code < 0) return window_error(job, "decoding", code), fail(error, size, "decoding", code), -1;
    /* ffmpeg -xerror: a frame the decoder concealed errors in, or marks corrupt, ends a window. */
    if (times && (frame->decode_error_flags || (frame->flags & AV_FRAME_FLAG_CORRUPT))) {
      char message[64];
      snprintf(message, sizeof message, "corrupt decoded frame %d", *decoded);
      set_window_error(job, message);
    }
    /* ffmpeg's accurate seek: frames shown before the seek point are decoded, not kept. */
    if (first_pts != AV_NOPTS_VALUE && frame->best_effort_timestamp != AV_NOPTS_VALUE &&
        frame->best_effort_timestamp < first_pts) {
      av_frame_unref(frame);
      continue;
    }
    int index = (*decoded)++;
    /* Written before it is encoded (the encoder may change the frame's properties, never its pixels). */
    if (refs && index >= job->ref_from && index < job->ref_from + job->ref_count &&
        write_raw(refs, frame, error, size) < 0)
      return -1;
    if (times && index >= job->leading && index < job->leading + job->count) {
      fprintf(times, "%lld\n", (long long)frame->best_effort_timestamp);
      if (index - job->leading == job->keep) {
        if (!out->encoder && open_encoding(job, out, decoder, frame, error, size) < 0) return -1;
        frame->pts = 0;
        frame->pict_type = AV_PICTURE_TYPE_NONE;
        if (encode(job, out, frame, error, size) < 0) return -1;
      }
    } else if (index >= job->leading && index < job->leading + job->count) {
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
    if (*decoded >= frames_needed(job)) return 1;
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
    /* -noaccurate_seek: every frame from the keyframe sought is kept. */
    if (job->accurate) *first_pts = av_rescale_q(timestamp, AV_TIME_BASE_Q, (*input)->streams[index]->time_base);
  }
  return index;
}

int run_job(Job *job, char *error, size_t size) {
  if (job->niceness > 0) setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), job->niceness);
  AVFormatContext *input = NULL;
  AVCodecContext *decoder = NULL;
  AVPacket *packet = av_packet_alloc();
  AVFrame *frame = av_frame_alloc();
  Encoding out = {0};
  int decoded = 0;
  int result = -1;
  int64_t first_pts;
  FILE *times = NULL;
  FILE *refs = NULL;
  if (job->ref_output) {
    refs = fopen(job->ref_output, "wb");
    if (!refs) {
      fail(error, size, "cannot open the raw frames output", AVERROR(errno));
      goto end;
    }
  }
  if (job->pts_output) {
    window_job = job;
    times = fopen(job->pts_output, "w");
    if (!times) {
      fail(error, size, "cannot open the times output", AVERROR(errno));
      goto end;
    }
  }
  if (!packet || !frame) {
    fail(error, size, "out of memory", 0);
    goto end;
  }
  int index = open_input(job, &input, &first_pts, error, size);
  if (index < 0) goto end;
  AVStream *stream = input->streams[index];
  if (times) fprintf(times, "tb %d/%d\n", stream->time_base.num, stream->time_base.den);
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
  /* A window's decoder logs from its frame threads too: log_line finds the window here. */
  if (job->pts_output) decoder->opaque = job;
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
      if (code == AVERROR_INVALIDDATA) window_error(job, "decoding", code);
      if (code < 0 && code != AVERROR_INVALIDDATA) {
        fail(error, size, "decoding", code);
        goto end;
      }
    }
    int drained = drain_decoder(job, decoder, frame, &out, &decoded, first_pts, times, refs, error, size);
    if (drained < 0) goto end;
    if (drained == 1) finished = 1;
    /* -xerror: a decode window stops at its first decode error. */
    if (times && window_error_of(job, NULL, 0)) goto end;
  }
  if (times) {
    /* A window shorter than asked, or without its kept frame, is a fact about the input. */
    if (out.encoder) {
      if (encode(job, &out, NULL, error, size) < 0) goto end;
      code = av_write_trailer(out.muxer);
      if (code < 0) {
        fail(error, size, "writing the end of the output", code);
        goto end;
      }
    }
    if (fclose(times) != 0) {
      times = NULL;
      fail(error, size, "writing the times", 0);
      goto end;
    }
    times = NULL;
    result = FFMAX(0, FFMIN(decoded, job->leading + job->count) - job->leading);
    goto end;
  }
  if (!out.encoder || decoded < frames_needed(job)) {
    snprintf(error, size, "the input holds %d pictures, %d wanted", decoded, frames_needed(job));
    goto end;
  }
  if (refs) {
    int closed = fclose(refs);
    refs = NULL;
    if (closed != 0) {
      fail(error, size, "writing the raw frames", 0);
      goto end;
    }
  }
  if (encode(job, &out, NULL, error, size) < 0) goto end;
  code = av_write_trailer(out.muxer);
  if (code < 0) {
    fail(error, size, "writing the end of the output", code);
    goto end;
  }
  result = out.encoded;
end:
  if (times) fclose(times);
  if (refs) fclose(refs);
  if (out.muxer) {
    if (out.muxer->pb) avio_closep(&out.muxer->pb);
    avformat_free_context(out.muxer);
  }
  avcodec_free_context(&out.encoder);
  av_packet_free(&out.packet);
  /* Freed first: its frame threads are done, and so is anything they log. */
  avcodec_free_context(&decoder);
  if (job->pts_output) {
    window_job = NULL;
    if (!atomic_load(&job->cancelled) && window_error_of(job, error, size)) result = DECODE_FAILED;
  }
  avformat_close_input(&input);
  av_packet_free(&packet);
  av_frame_free(&frame);
  if (result < 0) {
    unlink(job->output);
    if (job->pts_output) unlink(job->pts_output);
    if (job->ref_output) unlink(job->ref_output);
  }
  return result;
}
