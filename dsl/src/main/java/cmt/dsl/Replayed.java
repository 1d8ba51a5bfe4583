package cmt.dsl;

import java.util.List;
import tech.tablesaw.api.Table;

/** What {@link Trace#replay(String)} returns: the measurements of one replay and the trace it re-emitted. */
public interface Replayed {
    /** The replayed events again, with the allocator's pointers: any analysis reads it like the original. */
    Trace trace();

    /** The replay's measurements, the one-row summary first. */
    List<Table> tables();
}
