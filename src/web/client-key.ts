/**
 * The key a client's rate limits and throttles are counted under: its IPv4 address, or the /64
 * network of an IPv6 address (one subscriber usually holds a whole /64, so counting single IPv6
 * addresses would let one visitor rotate through billions of them). IPv4-mapped IPv6 addresses
 * (`::ffff:192.0.2.1`) count as their IPv4 address. Parsing is ipaddr.js's; never throws.
 */
import ipaddr from 'ipaddr.js';

export function clientKey(ip: string | null | undefined): string {
  if (!ip || !ipaddr.isValid(ip)) return 'unknown';
  const address = ipaddr.process(ip); // unmaps ::ffff:a.b.c.d
  if (address.kind() === 'ipv4') return address.toString();
  const parts = (address as ipaddr.IPv6).parts.slice(0, 4);
  return `${parts.map((p) => p.toString(16)).join(':')}::/64`;
}
