package cmt.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class TableTextTest {
    private static Table numbers(int rows) {
        return Table.create("sizes", IntColumn.create("n", IntStream.range(0, rows).toArray()),
                StringColumn.create("label", IntStream.range(0, rows).mapToObj(i -> "row " + i).toArray(String[]::new)));
    }

    @Test
    void textEndsWithTheSize() {
        String text = TableText.text(numbers(1000));
        assertTrue(text.endsWith("1,000 rows \u00d7 2 columns"), text);
        assertTrue(text.contains("..."), "tablesaw marks the cut");
        assertTrue(TableText.text(numbers(1)).endsWith("1 row \u00d7 2 columns"));
        assertTrue(TableText.text(numbers(20)).contains("row 19") && TableText.text(numbers(20)).contains("row 10"),
                "whole up to 20 rows, as the HTML");
    }
}
