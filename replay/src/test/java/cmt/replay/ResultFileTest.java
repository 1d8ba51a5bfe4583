package cmt.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cmt.codec.Leniency;
import cmt.codec.Op;
import cmt.codec.TraceException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultFileTest {
    @TempDir
    Path dir;

    @Test
    void aResultComesBackEqualComponentByComponent() throws IOException {
        Path in = Traces.write(dir, "small.trace", "malloc(100) = 0x1000", "calloc(4, 8) = 0x3000",
                "realloc(0x1000, 1000) = 0x5000", "free(0x3000)");
        ReplayResult r = Replay.of("glibc").inProcess(true).sampleEvery(1).output(dir.resolve("out.trace")).run(in);
        Path file = dir.resolve("result");
        ResultFile.write(file, r);
        ReplayResult back = ResultFile.read(file);
        assertEquals(r, back);
        assertEquals(1, back.latency().of(Op.REALLOC).getTotalCount());
        assertEquals(r.toString(), back.toString());
    }

    @Test
    void nullsNaNsAndEmptyPartsSurvive() throws IOException {
        Histogram h = new Histogram(3);
        h.recordValue(12345);
        ReplayResult r = new ReplayResult("./libmine.so", "libmine.so", "<text>", Touch.FULL, true, null,
                List.of("a note", "ünïcode"), PerOp.from(op -> (long) op.ordinal()), new Timing(5, 3),
                new Latency(0, Double.NaN, Double.NaN, PerOp.from(op -> op == Op.FREE ? h : new Histogram(3))),
                new Memory(10, -1, 10, -1, 1, 0), new ResidentSet(1, 2, 3, 4, List.of(), 5, 6),
                new Threads(2, 2, 5, List.of(3L, 4L), List.of(0L, 1L), List.of(7L, 8L), PerOp.from(op -> op == Op.FREE ? h : new Histogram(3))),
                Map.of(), Map.of("arena", 7L));
        Path file = dir.resolve("result");
        ResultFile.write(file, r);
        assertEquals(r, ResultFile.read(file));
    }

    @Test
    void failuresAreThrownAsTheChildThrewThem() {
        Path file = dir.resolve("result");
        ResultFile.write(file, new ReplayException("glibc: malloc returned NULL at event 7", null, 7));
        ReplayException e = assertThrows(ReplayException.class, () -> ResultFile.read(file));
        assertEquals("glibc: malloc returned NULL at event 7", e.getMessage());
        assertEquals(7, e.event());
        ResultFile.write(file, new TraceException("t:2: no such block"));
        assertEquals("t:2: no such block", assertThrows(TraceException.class, () -> ResultFile.read(file)).getMessage());
        ResultFile.write(file, new CancellationException("stop"));
        assertThrows(CancellationException.class, () -> ResultFile.read(file));
        ResultFile.write(file, new IllegalStateException("bug"));
        assertEquals("replay failed: java.lang.IllegalStateException: bug",
                assertThrows(ReplayException.class, () -> ResultFile.read(file)).getMessage());
    }

    @Test
    void settingsTravelTheSameWayAndAnotherRecordIsRefusedByName() throws IOException {
        Settings s = Settings.of("jemalloc").withTouch(Touch.PAGE).withLeniency(Leniency.LENIENT).withSampleEvery(0);
        Path file = dir.resolve("settings");
        s.write(file);
        assertEquals(s, Settings.read(file));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RecordFormat.write(new DataOutputStream(bytes), new Timing(1, 2));
        IOException e = assertThrows(IOException.class, () -> RecordFormat.read(
                new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), Memory.class));
        assertEquals("Memory.requestedBytes expected, wallNanos found", e.getMessage());
    }
}
