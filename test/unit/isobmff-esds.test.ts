/**
 * The channels an AAC track decodes to, from its esds (esds.ts). The payloads are the ones ffmpeg's
 * MP4 and MOV muxers wrote for 1-s tones (the mono MP4's sample entry says 2 channels).
 */
import { describe, expect, it } from 'vitest';
import { audioSpecificConfig, configChannels } from '../../src/lib/isobmff/esds.ts';

const esds = (hex: string) => Buffer.from(hex, 'hex');
const MONO_MP4 =
  '0000000003808080250002000480808017401500000000017881000178810580808005118856e500068080800102';
const MONO_MOV =
  '000000000380808025000100048080801740150000000001107f0001107f0580808005118856e500068080800102';
const SIX_MP4 =
  '000000000380808025000100048080801740150000000005340800026e49058080800511b056e500068080800102';

describe('an AAC track’s channels from its esds', () => {
  it('reads the AudioSpecificConfig through the descriptors', () => {
    expect(audioSpecificConfig(esds(MONO_MP4))?.toString('hex')).toBe('118856e500');
    expect(configChannels(audioSpecificConfig(esds(MONO_MP4))!)).toBe(1);
    expect(configChannels(audioSpecificConfig(esds(MONO_MOV))!)).toBe(1);
    expect(configChannels(audioSpecificConfig(esds(SIX_MP4))!)).toBe(6);
  });
  it('says two channels for parametric stereo, and nothing for a PCE or a cut config', () => {
    // AOT 29 (PS), 48 kHz (index 3), one coded channel: decoded to two.
    expect(configChannels(Buffer.from([0b11101_001, 0b1_0001_000]))).toBe(2);
    // Channel configuration 0: the channels are in a program config element.
    expect(configChannels(Buffer.from([0b00010_001, 0b1_0000_000]))).toBeNull();
    expect(configChannels(Buffer.from([0b00010_001]))).toBeNull();
    // An escaped sampling frequency (index 15, 24 bits) before the configuration.
    expect(configChannels(Buffer.from([0b00010_111, 0b1_0000000, 0, 0, 0b0_0010_000]))).toBe(2);
    expect(audioSpecificConfig(esds(MONO_MP4).subarray(0, 30))).toBeNull();
    expect(audioSpecificConfig(Buffer.from('0000000004', 'hex'))).toBeNull();
  });
});
