package cmt.codec.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cmt.codec.Format;
import cmt.codec.Leniency;
import cmt.codec.Repairs;
import cmt.codec.TraceReader;
import cmt.codec.TraceWriter;
import cmt.codec.WriteOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A converter applies the lenient reader's rules, through the same resolver: the calls of each case a
 * lenient reader rewrites, recorded in a dtrace log, come out as the same events with the same repairs.
 */
class SameRulesTest {
    @ParameterizedTest
    @ValueSource(strings = {
        "malloc(0) = 10", "malloc(8) = 10;realloc(10, 0) = 0", "malloc(8) = 10;realloc(10, 0) = 20", "free(0)",
        "malloc(8) = 10;free(20)", "realloc(0, 8) = 10", "realloc(30, 8) = 10", "malloc(8) = 0",
        "malloc(8) = 10;malloc(4) = 10", "realloc(0, 0) = 0", "malloc(0) = 0;free(10)",
    })
    void aConverterRewritesAsALenientReaderDoes(String trace) {
        String text = trace.replace(';', '\n') + "\n";
        StringBuilder log = new StringBuilder();
        for (String call : trace.split(";")) {
            String name = call.substring(0, call.indexOf('('));
            String args = call.substring(call.indexOf('(') + 1, call.indexOf(')')).replace(",", "");
            String result = call.contains(" = ") ? call.substring(call.indexOf(" = ") + 3) : "";
            log.append("call-trace\t1\t\t").append(name).append('\t').append(args).append('\t').append(result).append('\n');
        }
        Converted converted = Converted.of(new DtraceLogConverter(), log.toString());

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Repairs lenient;
        try (TraceReader r = TraceReader.open(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)), "t",
                Leniency.LENIENT);
                TraceWriter w = TraceWriter.open(out, "t", Format.TEXT, WriteOptions.DEFAULT.withTagged(false))) {
            r.forEach(w::write);
            lenient = r.repairs();
        }
        assertEquals(out.toString(StandardCharsets.US_ASCII), converted.text().replaceAll(" ns=1", ""));
        assertEquals(lenient.toString(), converted.converter().repairs().toString());
    }
}
