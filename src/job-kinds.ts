/**
 * Every durable job kind of the portal, from the features that declare them (a missing one fails to
 * compile). Part of the composition root: portal.ts hands it to the job queue.
 */
import { accountsJobKinds } from './accounts/job-kinds.ts';
import { audioJobKinds } from './audio/job-kinds.ts';
import { clipsJobKinds } from './clips/job-kinds.ts';
import { downloadsJobKinds } from './downloads/job-kinds.ts';
import { mediaJobKinds } from './media/job-kinds.ts';
import { newsletterJobKinds } from './newsletter/job-kinds.ts';
import { newsroomJobKinds } from './newsroom/job-kinds.ts';
import { photosJobKinds } from './photos/job-kinds.ts';
import type { JobKinds } from './platform/jobs/kinds.ts';

export const JOB_KINDS: JobKinds = {
  ...accountsJobKinds,
  ...mediaJobKinds,
  ...clipsJobKinds,
  ...downloadsJobKinds,
  ...newsroomJobKinds,
  ...photosJobKinds,
  ...audioJobKinds,
  ...newsletterJobKinds,
};
