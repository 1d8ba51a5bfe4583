/**
 * Replays a trace through a memory allocator reached with {@code java.lang.foreign}, measured and
 * crash-isolated. Entry points: {@link cmt.replay.Replay} (one allocator), {@link cmt.replay.Comparison}
 * (several), {@link cmt.replay.ReplayResult} (what was measured: a record of {@link cmt.replay.PerOp},
 * {@link cmt.replay.Timing}, {@link cmt.replay.Latency}, {@link cmt.replay.Memory} and
 * {@link cmt.replay.ResidentSet} and {@link cmt.replay.Threads}), {@link cmt.replay.Program} (a decoded
 * trace for benchmarks). Users' guide: {@code docs/replay.md}.
 *
 * <p>The data path: a {@code TraceReader}'s events become {@code Ops} batches ({@code Decoder}: slots,
 * workers), which a {@code Loop} replays: the allocator's hidden-class loop on one thread, or a
 * {@code Crew} that splits each batch into {@code Lane}s, one per recorded thread, and runs the same
 * loop on each; the {@code Engine} times it, samples RSS, checks blocks and re-emits the trace.
 *
 * <h2>Implementation notes: who owns which memory</h2>
 * <table>
 * <caption>Arenas and what lives in them</caption>
 * <tr><th>memory</th><th>arena</th><th>why</th></tr>
 * <tr><td>an allocator's library (and so its code and the handles into it)</td><td>{@code Arena.global()}</td>
 *     <td>unloading a library whose blocks are still live, or mimalloc with its thread-exit hooks, crashes
 *     the process; a library stays until exit</td></tr>
 * <tr><td>the blocks the replay allocates</td><td>none: the allocator's</td><td>held as {@code long}
 *     pointers in the {@code Heap}'s slot table, written through {@code Native.ALL}; wrapping each in a
 *     segment would allocate per event</td></tr>
 * <tr><td>the cursor words of an in-process replay</td><td>a shared arena per replay</td><td>the RSS
 *     sampler thread reads them; closed when the replay returns</td></tr>
 * <tr><td>the cursor file, in the child</td><td>{@code Arena.global()}</td><td>the loop stores to it by
 *     address until the process ends</td></tr>
 * <tr><td>the cursor file, in the parent</td><td>a shared arena per child</td><td>unmapped when the child
 *     has ended and its result (or crash) is read</td></tr>
 * <tr><td>posix_memalign's out-word; a {@code Program}'s cursor</td><td>{@code Arena.global()}</td>
 *     <td>a few bytes for the life of the allocator or program, used by address</td></tr>
 * <tr><td>arguments of statistics and loader calls (names, out-values)</td><td>a confined arena per
 *     call</td><td>not on the replay path</td></tr>
 * </table>
 *
 * <h2>Implementation notes: why handles are cached</h2>
 * Making a downcall handle generates a stub; defining the hidden class of a replay loop costs more. Both
 * are made once per allocator per process ({@code Allocator} caches itself by name), and the loop's
 * handles are {@code static final} fields of its hidden class so that the JIT inlines the calls (see
 * {@code LoopTemplate}: 7.7 ns against 10.5 ns for a malloc+free pair on glibc). The libc helpers
 * ({@code Native}) are static finals for the same reason. Handles for statistics are made per reading:
 * they are called a few times per replay.
 */
package cmt.replay;
