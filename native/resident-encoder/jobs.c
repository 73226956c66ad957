/*
 * The resident encoder's running jobs: each on a detached thread of its own (at most MAX_JOBS at
 * once), found by id to be cancelled, counted so that idle memory is given back only when none runs.
 */
#include <pthread.h>
#include <stdlib.h>

#include "resident-encoder.h"

static pthread_mutex_t jobs_lock = PTHREAD_MUTEX_INITIALIZER;
static Job *jobs[MAX_JOBS];
static atomic_int active_jobs;

void free_job(Job *job) {
  free(job->input);
  free(job->input_format);
  free(job->seek);
  av_dict_free(&job->metadata);
  free(job->output);
  free(job->format);
  free(job->codec);
  free(job->pix_fmt);
  free(job->pts_output);
  free(job->ref_output);
  av_dict_free(&job->encoder_options);
  free(job);
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
  else if (encoded == DECODE_FAILED) reply("decodefail\t%ld\t%s", job->id, error);
  else reply("error\t%ld\t%s", job->id, error);
  free_job(job);
  atomic_fetch_sub(&active_jobs, 1);
  return NULL;
}

void start_job(Job *job) {
  long id = job->id;
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

void cancel_job(long id) {
  pthread_mutex_lock(&jobs_lock);
  for (int i = 0; i < MAX_JOBS; i++)
    if (jobs[i] && jobs[i]->id == id) atomic_store(&jobs[i]->cancelled, 1);
  pthread_mutex_unlock(&jobs_lock);
}

int active_job_count(void) {
  return atomic_load(&active_jobs);
}
