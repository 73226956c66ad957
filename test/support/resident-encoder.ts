/**
 * The resident encoder for tests: one per test file, or the reason there is none (RESIDENT_ENCODER=off,
 * or it was not built), printed so that a skipped resident-path test says why.
 */
import { existsSync } from 'node:fs';
import { loadConfig } from '../../src/config.ts';
import {
  createResidentEncoder,
  RESIDENT_ENCODER_PATH,
  type ResidentEncoder,
  type ResidentEncoderOptions,
} from '../../src/platform/ffmpeg/resident-encoder.ts';

/** Why the resident path is not tested here, or null when it is. */
export function residentEncoderAbsence(): string | null {
  if (!loadConfig({ RESIDENT_ENCODER: process.env.RESIDENT_ENCODER }).residentEncoder)
    return 'RESIDENT_ENCODER=off';
  if (!existsSync(RESIDENT_ENCODER_PATH))
    return `${RESIDENT_ENCODER_PATH} was not built (node scripts/build-native.mjs)`;
  return null;
}

/** A new resident encoder (close it after the file), or null with the reason printed once. */
export function testResidentEncoder(options: ResidentEncoderOptions = {}): ResidentEncoder | null {
  const absent = residentEncoderAbsence();
  if (absent) {
    console.warn(`resident encoder tests skipped: ${absent}`);
    return null;
  }
  return createResidentEncoder(options);
}
