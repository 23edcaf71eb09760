import { Address4 } from 'ip-address';

/** An IPv4 CIDR block parsed once, with the range as integers for overlap checks. */
export interface Cidr {
  readonly text: string;
  readonly prefix: number;
  readonly first: bigint;
  readonly last: bigint;
}

/**
 * Parses an IPv4 CIDR. Returns a reason string instead of a value when the text is not a canonical
 * network address (AWS rejects `10.0.1.5/24`), so the caller can put it in a message.
 */
export function parseCidr(text: string): Cidr | string {
  if (!/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(text) || !Address4.isValid(text)) {
    return `"${text}" is not an IPv4 CIDR block like 10.100.0.0/16`;
  }
  const address = new Address4(text);
  const network = address.startAddress().address;
  if (network !== address.addressMinusSuffix) {
    return `"${text}" is not a network address; the block starting there is ${network}/${address.subnetMask}`;
  }
  return {
    text,
    prefix: address.subnetMask,
    first: address.startAddress().bigInt(),
    last: address.endAddress().bigInt(),
  };
}

export function contains(outer: Cidr, inner: Cidr): boolean {
  return inner.first >= outer.first && inner.last <= outer.last;
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.first <= b.last && b.first <= a.last;
}
