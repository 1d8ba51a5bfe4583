package cmt.dsl.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cmt.dsl.By;
import cmt.dsl.Trace;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * Sample 11: which code made the heap.
 *
 * <p>A trace recorded with stacks gives every allocation a site ({@code site=N}) and ends with the table
 * of their stacks, innermost frame first ({@code #site} lines: function, file:line, module, offset per
 * frame). {@code sites()} answers per site; {@code sites(By.FUNCTION)} per function that called malloc;
 * {@code whereFunction} narrows any other analysis to one function's blocks.
 */
public class Sample11_CallSites {
    static final String TRACE = """
            malloc(64) = 1000 site=0
            malloc(4096) = 9000 site=1
            free(1000)
            malloc(64) = 1000 site=0
            #site\t0\tnew_node\tlist.c:10\t/usr/bin/app\t0x1130\tmain\tapp.c:5\t/usr/bin/app\t0x1200
            #site\t1\tread_file\tio.c:20\t/usr/bin/app\t0x1300\tmain\tapp.c:6\t/usr/bin/app\t0x1210
            """;

    public static void main(String[] args) {
        Trace t = Trace.of(TRACE);
        System.out.println(t.sites().printAll());
        System.out.println(t.sites(By.FUNCTION).printAll());
    }

    @Test
    void theBufferHoldsThePeak() {
        Table s = Trace.of(TRACE).sites(By.FUNCTION);
        assertEquals("read_file", s.stringColumn("function").get(0));
        assertEquals(4096, s.longColumn("live at peak (bytes)").get(0));
        assertEquals(2, s.longColumn("blocks").get(1), "new_node made two blocks");
        assertEquals(64, s.longColumn("own peak (bytes)").get(1), "but never held more than one at a time");
        assertEquals(3, Trace.of(TRACE).whereFunction("new_node").count(), "its malloc, free and second malloc");
    }
}
