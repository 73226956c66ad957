/** What an uploaded file is, by ffprobe (detection among the audio containers only; `formats.ts` judges). */
import { runFfprobeJson } from '../platform/ffmpeg/run.ts';
import { probeArgs } from './commands.ts';
import { type Judgement, judgeProbe, type ProbeOutput } from './formats.ts';

export async function probeAudio(path: string): Promise<Judgement> {
  try {
    return judgeProbe(await runFfprobeJson<ProbeOutput>(probeArgs(path), { timeoutMs: 60_000 }));
  } catch {
    // ffprobe refused it: not a container on the list, or not readable as one.
    return { ok: false, code: 'not_audio' };
  }
}
