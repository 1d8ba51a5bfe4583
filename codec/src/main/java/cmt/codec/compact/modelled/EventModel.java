package cmt.codec.compact.modelled;

import cmt.codec.Event;
import cmt.codec.compact.CompactFormat;
import cmt.codec.compact.OpCode;

/**
 * The compact format's model of a trace: how each event of a block becomes binary decisions for the range
 * coder, written once for both directions (see {@link BitCoder}). {@code FORMAT.md} beside this file
 * describes the same steps for a reader in another language; the two change together.
 *
 * <p>An event is a token ({@link Token}), predicted by the ranking tables and the match model
 * ({@link TokenModel}) or copied by a run ({@link Runs}), then the rest: the new tag, the address
 * ({@link Addresses}), the thread and the call site ({@link RecentValues}) and the timestamp ({@link Times}), every decision
 * with its slot of one probability table ({@link Regions}) through one integer coder ({@link IntCoder}).
 * This class holds the parts together and codes what is shared: the registers a block starts from and
 * the tags.
 *
 * <p>Worked example (hmmer, 180,216 events): 45,001 of its mallocs ask for a random sequence length and
 * cost about 9.5 bits each, spelled out; the malloc of length + 1 after each, and the two frees that
 * follow, are copied by one of its 10 runs at no cost of their own: 53,904 bytes in all, 0.2991 bytes/event.
 */
final class EventModel {
    private final ModelTables tables = ModelTables.take();
    private final IntCoder ints;
    private final boolean enc;
    private final Token token = new Token();
    private final History history = new History(tables);
    private final TokenModel tokens;
    private final Runs runs;
    private int predicted;
    private final Addresses addresses;
    private final RecentValues threads;
    private final RecentValues sites;
    private final Times times;
    private boolean released;
    /** Block flags: which fields the block's events carry. */
    private boolean hasAddresses;
    private boolean hasThreads;
    private boolean hasTimes;
    private boolean hasSites;
    private boolean tagGaps;

    EventModel(BitCoder coder, RunValues lengths, RunValues sizes) {
        this.ints = new IntCoder(coder, tables.p);
        this.enc = ints.enc;
        this.tokens = new TokenModel(ints, token, history, tables);
        this.runs = new Runs(ints, token, history, tokens, tables, lengths, sizes);
        this.addresses = new Addresses(ints, token);
        this.threads = new RecentValues(ints, Regions.THREAD);
        this.sites = new RecentValues(ints, Regions.SITE);
        this.times = new Times(ints);
    }

    /** Hands the tables on to the next model this thread makes (once); this one must not code again. */
    void release() {
        if (!released) {
            released = true;
            ModelTables.give(tables);
        }
    }

    /** Codes as format version {@code v} does (1 to {@link CompactFormat#VERSION}). */
    void version(int v) {
        runs.version(v);
    }

    /**
     * Starts a block with {@code flags} (CompactFormat.BLOCK_*) after tag {@code lastTag}: forgets
     * everything learned but the registers, which {@link #codeRegisters} codes.
     */
    void begin(int flags, long lastTag) {
        predicted = 0;
        ints.reset();
        threads.reset();
        sites.reset();
        addresses.reset();
        tables.clear();
        history.reset();
        tokens.reset();
        runs.reset();
        token.reset();
        token.lastTag = lastTag;
        hasAddresses = (flags & CompactFormat.BLOCK_ADDRESSES) != 0;
        hasThreads = (flags & CompactFormat.BLOCK_THREADS) != 0;
        hasTimes = (flags & CompactFormat.BLOCK_TIMES) != 0;
        tagGaps = (flags & CompactFormat.BLOCK_TAG_GAPS) != 0;
        hasSites = (flags & CompactFormat.BLOCK_SITES) != 0;
    }

    /**
     * Codes the registers a block starts from, first thing in its payload: the previous allocation's
     * end and size, the end and size of the previous allocation that took fresh memory, the previous
     * timestamp, and the next synthetic address (which a file without addresses hands out).
     */
    long codeRegisters(long bump) {
        addresses.lastEnd = ints.uint(Regions.REGISTER, addresses.lastEnd);
        token.lastSize = ints.uint(Regions.REGISTER, token.lastSize);
        addresses.freshEnd = ints.uint(Regions.REGISTER, addresses.freshEnd);
        addresses.freshSize = ints.uint(Regions.REGISTER, addresses.freshSize);
        times.prevTime = ints.uint(Regions.REGISTER, times.prevTime);
        return ints.uint(Regions.REGISTER, bump);
    }

    /** Tokens of this block coded by the token model, not copied by a run: where the coding spends its time. */
    int predicted() {
        return predicted;
    }

    /**
     * Codes the token of one event. Encoding reads {@code e} (a resolved event); decoding fills op, size,
     * count, alignment and {@code oldTag}, after which the caller fills the ended block's
     * {@code oldAddress} and {@code oldSize} before {@link #codeRest}.
     */
    void codeToken(Event e) {
        if (enc) {
            token.of(e);
        }
        if (!runs.active() || !runs.copy()) {
            predicted++;
            if (tokens.code()) {
                runs.find();
            }
        }
        if (!enc) {
            token.into(e);
        }
    }

    /** Codes the new tag, the address, the thread, the call site and the timestamp of the event whose token was coded. */
    void codeRest(Event e) {
        Token t = token;
        int op = t.op;
        if (OpCode.creates(op)) {
            long lastTag = t.lastTag;
            long gap = tagGaps ? ints.uint(Regions.GAP, e.tag - lastTag - 1) : 0;
            if (Long.compareUnsigned(lastTag + gap + 1, lastTag) <= 0) {
                throw new IllegalStateException("tag gap " + Long.toUnsignedString(gap) + " runs past 2^64");
            }
            t.lastTag = lastTag + gap + 1;
            e.tag = t.lastTag;
            if (hasAddresses) {
                addresses.code(e);
            }
            t.lastSize = t.size;
        }
        if (hasThreads) {
            e.thread = threads.code(e.thread);
        }
        if (hasSites && OpCode.creates(op)) {
            e.site = sites.code(e.site);
        }
        if (hasTimes) {
            times.code(e, op);
        }
        if (hasAddresses && OpCode.releases(op)) {
            addresses.released(e.oldAddress, e.oldSize, op == OpCode.REALLOC && e.address == e.oldAddress);
        }
    }

    /** Ends a block: the encoder records the length of a run still going; the decoder checks its run is done. */
    void endBlock() {
        runs.endBlock();
    }
}
