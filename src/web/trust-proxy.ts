/**
 * Which reverse proxies' `X-Forwarded-For` the portal believes (TRUST_PROXY): nothing by default, a
 * hop count, or a list of addresses, CIDR ranges and proxy-addr's names (`loopback`, `linklocal`,
 * `uniquelocal`). `parseTrustProxy` reads the setting; `trustFunction` turns it into the
 * `(address, hop) => boolean` that Fastify's `trustProxy` accepts (hop 0 is the socket's peer, hop 1
 * the last X-Forwarded-For entry…). Fastify ≥ 5.12.1 treats a bare number as "trust nothing"
 * (GHSA-3m5p-2c4r-xxw2: a count alone never checks who the peer is, so a client reaching the port
 * directly could pose as a proxy); so a count is handed over as a function here, and the peer must be
 * a loopback or private address for any hop to be believed.
 */
import ipaddr from 'ipaddr.js';

export type TrustProxy = { kind: 'hops'; hops: number } | { kind: 'addresses'; addresses: string[] };

export type TrustFunction = (address: string, hop: number) => boolean;

const NAMED: Record<string, string[]> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};
const MAX_HOPS = 10;

export class TrustProxyError extends Error {}

/** Reads TRUST_PROXY; null when unset, empty or 0 (nothing trusted). Throws TrustProxyError. */
export function parseTrustProxy(raw: string | undefined): TrustProxy | null {
  const value = raw?.trim() ?? '';
  if (value === '' || value === '0' || value.toLowerCase() === 'false') return null;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > MAX_HOPS)
      throw new TrustProxyError(`a hop count must be from 0 to ${MAX_HOPS}, got "${value}"`);
    return { kind: 'hops', hops };
  }
  if (value.toLowerCase() === 'true')
    throw new TrustProxyError(
      'trusting every hop would let any client choose its address: give a hop count or the proxies’ addresses',
    );
  const addresses = value.split(',').map((entry) => entry.trim());
  for (const entry of addresses) {
    if (entry in NAMED) continue;
    const valid = entry.includes('/') ? ipaddr.isValidCIDR(entry) : ipaddr.isValid(entry);
    if (!valid)
      throw new TrustProxyError(
        `"${entry}" is not an IP address, a CIDR range (10.0.0.0/8) or one of loopback, linklocal, uniquelocal`,
      );
  }
  return { kind: 'addresses', addresses };
}

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

function ranges(entries: readonly string[]): Range[] {
  return entries
    .flatMap((entry) => NAMED[entry] ?? [entry])
    .map((entry): Range => {
      if (entry.includes('/')) return ipaddr.parseCIDR(entry);
      const address = ipaddr.parse(entry);
      return [address, address.kind() === 'ipv4' ? 32 : 128];
    })
    .map(([address, bits]): Range => {
      // An IPv4-mapped IPv6 range is its IPv4 range.
      if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress())
        return [(address as ipaddr.IPv6).toIPv4Address(), Math.max(0, bits - 96)];
      return [address, bits];
    });
}

function matcher(entries: readonly string[]): (address: string) => boolean {
  const list = ranges(entries);
  return (address) => {
    if (!ipaddr.isValid(address)) return false;
    const parsed = ipaddr.process(address); // ::ffff:a.b.c.d is a.b.c.d
    return list.some(([range, bits]) => range.kind() === parsed.kind() && parsed.match(range, bits));
  };
}

/** The `trustProxy` to give Fastify: false (nothing trusted) or a trust function. */
export function trustFunction(setting: TrustProxy | null): false | TrustFunction {
  if (setting === null) return false;
  if (setting.kind === 'addresses') {
    const trusted = matcher(setting.addresses);
    return (address) => trusted(address);
  }
  const local = matcher(Object.keys(NAMED));
  const { hops } = setting;
  // Hop 0 is the peer: believed only from a local or private address (the proxy in front).
  return (address, hop) => hop < hops && (hop > 0 || local(address));
}
