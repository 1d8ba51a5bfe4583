// Makes fuzzed bytes into a compact container whose checksums, block numbering, index and footer agree, so
// that the fuzzer's mutations reach the block decoders instead of stopping at the first CRC32C.
package cmt.codec.fuzz;

import cmt.codec.compact.CompactFormat;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * Rewrites, in a copy of the input, what a writer computes rather than chooses: the magic, the header's
 * checksum, each block's first event index, address flag, header and payload checksums, the sites section's
 * checksum, and the index and footer after the last whole block. Everything the fuzzer chose stays: versions, flags, field and payload
 * lengths, event counts, the last tag before each block, every payload byte, and whatever follows the place
 * where the structure stops making sense (a length past the end, an unknown marker).
 */
final class CompactRepair {
    private CompactRepair() {
    }

    /**
     * The repaired copy; {@code packed} forces the newest version with every block packed, else any version
     * with modelled blocks (in version 6, each block modelled or packed as its flags say).
     */
    static byte[] repair(byte[] in, boolean packed) {
        if (in.length < 12) {
            // Too short for the fixed header: the magic and what there is of the rest.
            byte[] b = java.util.Arrays.copyOf(CompactFormat.MAGIC, CompactFormat.MAGIC.length + in.length);
            System.arraycopy(in, 0, b, CompactFormat.MAGIC.length, in.length);
            return b;
        }
        byte[] b = in.clone();
        ByteBuffer v = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        System.arraycopy(CompactFormat.MAGIC, 0, b, 0, CompactFormat.MAGIC.length);
        if (packed) {
            b[8] = CompactFormat.VERSION;
            b[9] &= CompactFormat.FLAG_ADDRESSES;
        } else {
            int version = b[8] & 0xff;
            if (version < 1 || version > CompactFormat.VERSION) {
                b[8] = (byte) (1 + Math.floorMod(version, CompactFormat.VERSION));
            }
            b[9] &= CompactFormat.FLAG_ADDRESSES;
        }
        boolean addresses = (b[9] & CompactFormat.FLAG_ADDRESSES) != 0;
        int end = 12 + (v.getShort(10) & 0xffff);
        if (end + 4 > b.length) {
            return b;
        }
        v.putInt(end, crc(b, 0, end));
        int version = b[8];
        int at = end + 4;
        long sitesAt = 0;
        long first = 0;
        int blocks = 0;
        long[] firsts = new long[16];
        long[] offsets = new long[16];
        while (at + 4 <= b.length) {
            int marker = v.getInt(at);
            if (marker == CompactFormat.SITES_MARKER && version >= 5 && sitesAt == 0 && at + 8 <= b.length) {
                long size = v.getInt(at + 4) & 0xffffffffL;
                if (at + 8 + size + 4 > b.length) {
                    break;
                }
                v.putInt((int) (at + 8 + size), crc(b, at, (int) (8 + size)));
                sitesAt = at;
                at = (int) (at + 8 + size + 4);
                continue;
            }
            if (marker == CompactFormat.INDEX_MARKER) {
                index(b, v, at, version, blocks, first, sitesAt, firsts, offsets);
                break;
            }
            if (marker != CompactFormat.BLOCK_MARKER || at + CompactFormat.BLOCK_HEADER + 4 > b.length) {
                break;
            }
            int flags = v.getInt(at + 12) & CompactFormat.blockFlags(version) & ~CompactFormat.BLOCK_ADDRESSES;
            v.putInt(at + 12, flags | (addresses ? CompactFormat.BLOCK_ADDRESSES : 0) | (packed ? CompactFormat.BLOCK_PACKED : 0));
            v.putLong(at + 16, first);
            v.putInt(at + CompactFormat.BLOCK_HEADER, crc(b, at, CompactFormat.BLOCK_HEADER));
            long size = v.getInt(at + 4) & 0xffffffffL;
            long payload = at + CompactFormat.BLOCK_HEADER + 4L;
            if (payload + size + 4 > b.length) {
                break;
            }
            v.putInt((int) (payload + size), crc(b, (int) payload, (int) size));
            if (blocks == firsts.length) {
                firsts = java.util.Arrays.copyOf(firsts, blocks * 2);
                offsets = java.util.Arrays.copyOf(offsets, blocks * 2);
            }
            firsts[blocks] = first;
            offsets[blocks] = at;
            blocks++;
            first += v.getInt(at + 8) & 0xffffffffL;
            at = (int) (payload + size + 4);
        }
        return b;
    }

    /** The index at {@code at}: counts, entries, checksum and footer, as far as the input reaches. */
    private static void index(byte[] b, ByteBuffer v, int at, int version, int blocks, long events, long sitesAt,
            long[] firsts, long[] offsets) {
        int entries = at + (int) CompactFormat.indexBytes(version, 0) - 4;
        if (entries > b.length) {
            return;
        }
        v.putInt(at + 4, blocks);
        v.putLong(at + 8, events);
        if (version >= 5) {
            v.putLong(at + 16, sitesAt);
        }
        for (int i = 0; i < blocks; i++) {
            if (entries + 16 * i + 16 > b.length) {
                return;
            }
            v.putLong(entries + 16 * i, firsts[i]);
            v.putLong(entries + 16 * i + 8, offsets[i]);
        }
        int crcAt = entries + 16 * blocks;
        if (crcAt + 4 > b.length) {
            return;
        }
        v.putInt(crcAt, crc(b, at, crcAt - at));
        if (crcAt + 4 + CompactFormat.FOOTER > b.length) {
            return;
        }
        v.putLong(crcAt + 4, at);
        System.arraycopy(CompactFormat.END_MAGIC, 0, b, crcAt + 12, CompactFormat.END_MAGIC.length);
    }

    private static int crc(byte[] b, int from, int length) {
        CRC32C c = new CRC32C();
        c.update(b, from, length);
        return (int) c.getValue();
    }
}
