export * from './schema';
export * from './load';
export { parseCidr, contains, overlaps, type Cidr } from './cidr';
