package cmt.codec.compact;

import cmt.codec.WriteOptions;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The compact trace format's byte layout: constants shared by {@link CompactWriter} and
 * {@link CompactParser}. {@code FORMAT.md} beside this file is the full specification; this is its
 * summary. Integers in fixed fields are little-endian; "varint" is LEB128, at most 10 bytes ({@link Varint});
 * CRC32C is the Castagnoli CRC of {@link java.util.zip.CRC32C}.
 *
 * <pre>
 * file   := header block* [sites] index footer
 * header := magic[8] = 89 43 4D 54 5A 0D 0A 1A   ("\x89CMTZ\r\n\x1a": binary, and damaged by text-mode copies)
 *           version u8 = 6 (1 to 5 are read too)
 *           flags u8                              bit 0: addresses kept; bit 1: every block packed
 *                                                 (versions 4 and 5 only)
 *           length u16                            bytes of fields, at most 65535
 *           fields: (key varint, size varint, value[size])*
 *                   1 recorder (UTF-8)  2 page size  3 pointer bits  4 event count  (numbers as varints)
 *           crc u32                               CRC32C of everything above
 * block  := marker[4] = B1 42 4C 4B               ("\xb1BLK")
 *           payload u32                           bytes of payload, at most 2^30
 *           events u32                            1 to 2^24
 *           flags u32                             bit 0 addresses, 1 threads, 2 timestamps, 3 tag gaps,
 *                                                 4 call sites (version 5), 5 packed (version 6)
 *           first u64                             index of the block's first event in the trace
 *           lastTag u64                           tags handed out before the block
 *           crc u32                               CRC32C of the 32 bytes above
 *           payload[payload]                      modelled (version 3 on): section length varint, the
 *                                                 runs section (run lengths and run sizes, RunValues),
 *                                                 then range-coded: the model's registers, then the
 *                                                 events (see EventModel and FORMAT.md); packed: zstd
 *                                                 frames of byte streams (see PackedEncoder)
 *           crc u32                               CRC32C of the payload
 * sites  := marker[4] = B1 53 49 54               ("\xb1SIT"; version 5, when the trace has call sites)
 *           length u32                            bytes up to crc, at most 2^30
 *           raw varint, zstd frame                the table (strings, frames, stacks: see SiteTable),
 *                                                 raw bytes of it compressed
 *           crc u32                               CRC32C of the section from its marker on
 * index  := marker[4] = B1 49 44 58               ("\xb1IDX")
 *           blocks u32, events u64
 *           sites u64                             version 5: offset of the sites marker, 0 if none
 *           (first u64, offset u64) per block     offset: file position of the block's marker
 *           crc u32                               CRC32C of the index from its marker on
 * footer := index offset u64, magic[8] = 89 43 4D 54 5A 45 4E 44   ("\x89CMTZEND")
 * </pre>
 */
public final class CompactFormat {
    public static final byte[] MAGIC = {(byte) 0x89, 'C', 'M', 'T', 'Z', '\r', '\n', 0x1a};
    public static final byte[] END_MAGIC = {(byte) 0x89, 'C', 'M', 'T', 'Z', 'E', 'N', 'D'};
    /** The version this writer writes; readers read this one and every earlier one. */
    public static final int VERSION = 6;
    public static final int FLAG_ADDRESSES = 1;
    public static final int FLAG_PACKED = 2;

    public static final int BLOCK_MARKER = 0x4B4C42B1;  // B1 42 4C 4B read little-endian
    public static final int INDEX_MARKER = 0x584449B1;  // B1 49 44 58 read little-endian
    public static final int SITES_MARKER = 0x544953B1;  // B1 53 49 54 read little-endian
    public static final int BLOCK_HEADER = 32;
    public static final int MAX_PAYLOAD = 1 << 30;
    public static final int MAX_BLOCK_EVENTS = WriteOptions.MAX_BLOCK_EVENTS;
    public static final int DEFAULT_BLOCK_EVENTS = WriteOptions.DEFAULT_BLOCK_EVENTS;
    public static final int FOOTER = 16;

    public static final int KEY_RECORDER = 1;
    public static final int KEY_PAGE_SIZE = 2;
    public static final int KEY_POINTER_BITS = 3;
    public static final int KEY_EVENTS = 4;

    public static final int BLOCK_ADDRESSES = 1;
    public static final int BLOCK_THREADS = 2;
    public static final int BLOCK_TIMES = 4;
    public static final int BLOCK_TAG_GAPS = 8;
    public static final int BLOCK_SITES = 16;
    /** Version 6: the block is packed (section 7), else modelled; before, the header's flag said it for every block. */
    public static final int BLOCK_PACKED = 32;

    /** The block flags a file of {@code version} may use. */
    public static int blockFlags(int version) {
        return version >= 6 ? 63 : version == 5 ? 31 : 15;
    }

    /** The header flags a file of {@code version} may use: the file-wide packed flag only in versions 4 and 5. */
    public static int fileFlags(int version) {
        return version == 4 || version == 5 ? FLAG_ADDRESSES | FLAG_PACKED : FLAG_ADDRESSES;
    }

    /** Bytes of an index of {@code blocks} blocks in a file of {@code version}, marker and checksum included. */
    public static long indexBytes(int version, long blocks) {
        return (version >= 5 ? 24 : 16) + 16 * blocks + 4;
    }

    private CompactFormat() {
    }

    public static boolean hasMagic(byte[] head, int n) {
        return n >= MAGIC.length && Arrays.equals(head, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /** True if {@code b} holds the end magic from {@code at} on. */
    public static boolean hasEndMagic(byte[] b, int at) {
        return Arrays.equals(b, at, at + END_MAGIC.length, END_MAGIC, 0, END_MAGIC.length);
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
