/**
 * Which pictures each H.264 picture may predict from (pure): the decoded reference picture marking
 * (ITU-T H.264 8.2.5: sliding window and memory management operations) and the reference picture
 * lists (8.2.4: initial order for P and B slices, then the slice's modifications), replayed over a
 * run of coded frames from an IDR picture. A picture can only predict from the first
 * num_ref_idx_active entries of its lists, so any picture outside them is never referenced.
 */
import type { ListModification, SliceHeader, Sps } from './headers.ts';

interface Reference {
  picture: number;
  frameNum: number;
  poc: number;
  longTermFrameIdx: number | null;
}

/** Why a run of pictures cannot be replayed; null results are declined, never guessed. */
class Unsupported extends Error {}

type Entry = Reference | null;

function modifyList(
  list: Entry[],
  modifications: readonly ListModification[],
  active: number,
  shortTerm: readonly Reference[],
  picNum: (r: Reference) => number,
  longTerm: readonly Reference[],
  current: { picNum: number; maxPicNum: number },
): Entry[] {
  let result = list;
  let refIdx = 0;
  let predicted = current.picNum;
  for (const { idc, value } of modifications) {
    let target: Reference | undefined;
    if (idc === 2) {
      target = longTerm.find((r) => r.longTermFrameIdx === value);
    } else {
      let noWrap = idc === 0 ? predicted - (value + 1) : predicted + (value + 1);
      if (noWrap < 0) noWrap += current.maxPicNum;
      if (noWrap >= current.maxPicNum) noWrap -= current.maxPicNum;
      predicted = noWrap;
      const wanted = noWrap > current.picNum ? noWrap - current.maxPicNum : noWrap;
      target = shortTerm.find((r) => picNum(r) === wanted);
    }
    if (!target) throw new Unsupported('a list modification names a picture that is not a reference');
    const before = result.slice(0, refIdx);
    const after = result.slice(refIdx).filter((entry) => entry !== target);
    result = [...before, target, ...after].slice(0, active);
    refIdx++;
  }
  return result;
}

function sameList(a: readonly Entry[], b: readonly Entry[]): boolean {
  return a.length === b.length && a.every((entry, i) => entry === b[i]);
}

/** The reference lists of one slice: entries [0, num_ref_idx_active) of list 0 and list 1. */
function sliceLists(slice: SliceHeader, poc: number, references: readonly Reference[], sps: Sps): Entry[][] {
  if (slice.kind === 'I' || slice.kind === 'SI') return [];
  const maxPicNum = 2 ** sps.log2MaxFrameNum;
  const picNum = (r: Reference) => (r.frameNum > slice.frameNum ? r.frameNum - maxPicNum : r.frameNum);
  const shortTerm = references.filter((r) => r.longTermFrameIdx === null);
  const longTerm = references
    .filter((r) => r.longTermFrameIdx !== null)
    .sort((a, b) => a.longTermFrameIdx! - b.longTermFrameIdx!);
  let initial: Entry[][];
  if (slice.kind === 'B') {
    const before = shortTerm.filter((r) => r.poc < poc).sort((a, b) => b.poc - a.poc);
    const after = shortTerm.filter((r) => r.poc > poc).sort((a, b) => a.poc - b.poc);
    const list0 = [...before, ...after, ...longTerm];
    const list1 = [...after, ...before, ...longTerm];
    if (list1.length > 1 && sameList(list0, list1)) [list1[0], list1[1]] = [list1[1]!, list1[0]!];
    initial = [list0, list1];
  } else {
    initial = [[...[...shortTerm].sort((a, b) => picNum(b) - picNum(a)), ...longTerm]];
  }
  return initial.map((list, i) => {
    const active = slice.numRefIdxActive[i]!;
    const padded: Entry[] = [...list.slice(0, active)];
    while (padded.length < active) padded.push(null);
    return modifyList(padded, slice.modifications[i]!, active, shortTerm, picNum, longTerm, {
      picNum: slice.frameNum,
      maxPicNum,
    });
  });
}

/** PicOrderCnt() of each frame (8.2.1; types 0 and 2). */
function pictureOrderCounts(pictures: readonly SliceHeader[], sps: Sps): number[] {
  const maxLsb = 2 ** sps.log2MaxPicOrderCntLsb;
  const maxFrameNum = 2 ** sps.log2MaxFrameNum;
  let prevMsb = 0;
  let prevLsb = 0;
  let prevFrameNum = 0;
  let prevFrameNumOffset = 0;
  return pictures.map((h) => {
    if (sps.picOrderCntType === 0) {
      if (h.idr) prevMsb = prevLsb = 0;
      const lsb = h.picOrderCntLsb;
      let msb = prevMsb;
      if (lsb < prevLsb && prevLsb - lsb >= maxLsb / 2) msb = prevMsb + maxLsb;
      else if (lsb > prevLsb && lsb - prevLsb > maxLsb / 2) msb = prevMsb - maxLsb;
      if (h.nalRefIdc !== 0) [prevMsb, prevLsb] = [msb, lsb];
      const top = msb + lsb;
      return Math.min(top, top + h.deltaPicOrderCntBottom);
    }
    if (sps.picOrderCntType === 2) {
      const offset = h.idr
        ? 0
        : prevFrameNum > h.frameNum
          ? prevFrameNumOffset + maxFrameNum
          : prevFrameNumOffset;
      [prevFrameNum, prevFrameNumOffset] = [h.frameNum, offset];
      if (h.idr) return 0;
      return 2 * (offset + h.frameNum) - (h.nalRefIdc === 0 ? 1 : 0);
    }
    throw new Unsupported('picture order count type 1');
  });
}

/** Applies dec_ref_pic_marking of a reference picture once it is decoded (8.2.5). */
function markReferences(references: Reference[], h: SliceHeader, current: Reference, sps: Sps): Reference[] {
  if (h.idr) {
    return [{ ...current, longTermFrameIdx: h.longTermReference ? 0 : null }];
  }
  const maxFrameNum = 2 ** sps.log2MaxFrameNum;
  const picNum = (r: Reference) => (r.frameNum > h.frameNum ? r.frameNum - maxFrameNum : r.frameNum);
  let refs = [...references];
  const shortTermAt = (difference: number) => {
    const found = refs.find(
      (r) => r.longTermFrameIdx === null && picNum(r) === h.frameNum - (difference + 1),
    );
    if (!found) throw new Unsupported('a marking operation names a picture that is not a reference');
    return found;
  };
  let currentLongTerm: number | null = null;
  if (h.mmcos) {
    for (const mmco of h.mmcos) {
      if (mmco.op === 1) {
        const target = shortTermAt(mmco.differenceOfPicNumsMinus1!);
        refs = refs.filter((r) => r !== target);
      } else if (mmco.op === 2) {
        refs = refs.filter((r) => r.longTermFrameIdx !== mmco.longTermPicNum);
      } else if (mmco.op === 3) {
        const target = shortTermAt(mmco.differenceOfPicNumsMinus1!);
        refs = refs.filter((r) => r.longTermFrameIdx !== mmco.longTermFrameIdx);
        refs = refs.map((r) => (r === target ? { ...r, longTermFrameIdx: mmco.longTermFrameIdx! } : r));
      } else if (mmco.op === 4) {
        const max = mmco.maxLongTermFrameIdxPlus1! - 1;
        refs = refs.filter((r) => r.longTermFrameIdx === null || r.longTermFrameIdx <= max);
      } else if (mmco.op === 6) {
        refs = refs.filter((r) => r.longTermFrameIdx !== mmco.longTermFrameIdx);
        currentLongTerm = mmco.longTermFrameIdx!;
      } else {
        throw new Unsupported(`memory management operation ${mmco.op}`);
      }
    }
  } else if (refs.length >= Math.max(sps.maxNumRefFrames, 1)) {
    const shortTerm = refs.filter((r) => r.longTermFrameIdx === null);
    if (shortTerm.length === 0) throw new Unsupported('sliding window without short-term pictures');
    const oldest = shortTerm.reduce((a, b) => (picNum(b) < picNum(a) ? b : a));
    refs = refs.filter((r) => r !== oldest);
  }
  return [...refs, { ...current, longTermFrameIdx: currentLongTerm }];
}

/**
 * For each picture of a run in decode order (each one's slice headers, first slice first), the
 * pictures its slices may predict from (indexes into the run). Null when the run cannot be replayed
 * with certainty: it does not start with an IDR picture, frame_num has gaps, or it uses what is
 * not modelled here (picture order count type 1, memory management operation 5).
 */
export function referencedPictures(
  pictures: readonly (readonly SliceHeader[])[],
  sps: Sps,
): Set<number>[] | null {
  if (pictures.length === 0 || !pictures[0]![0]?.idr) return null;
  const maxFrameNum = 2 ** sps.log2MaxFrameNum;
  try {
    const pocs = pictureOrderCounts(
      pictures.map((slices) => slices[0]!),
      sps,
    );
    let references: Reference[] = [];
    let prevRefFrameNum = 0;
    return pictures.map((slices, index) => {
      const first = slices[0]!;
      if (
        !first.idr &&
        first.frameNum !== prevRefFrameNum &&
        first.frameNum !== (prevRefFrameNum + 1) % maxFrameNum
      ) {
        throw new Unsupported('gap in frame_num');
      }
      const used = new Set<number>();
      for (const slice of slices) {
        for (const list of sliceLists(slice, pocs[index]!, references, sps)) {
          for (const entry of list) if (entry) used.add(entry.picture);
        }
      }
      if (first.nalRefIdc !== 0) {
        const current = {
          picture: index,
          frameNum: first.frameNum,
          poc: pocs[index]!,
          longTermFrameIdx: null,
        };
        references = markReferences(references, first, current, sps);
        prevRefFrameNum = first.frameNum;
      }
      return used;
    });
  } catch (error) {
    if (error instanceof Unsupported) return null;
    throw error;
  }
}

/**
 * Pictures whose decoded samples matter: the `kept` ones, and every picture they may predict
 * from, directly or through others. References only point back in decode order: one pass.
 */
export function neededPictures(references: readonly Set<number>[], kept: readonly boolean[]): boolean[] {
  const needed = [...kept];
  for (let i = references.length - 1; i >= 0; i--) {
    if (!needed[i]) continue;
    for (const reference of references[i]!) needed[reference] = true;
  }
  return needed;
}
