package cmt.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import tech.tablesaw.plotly.components.Figure;

/** Charts and the report page: self-contained, plotly inlined, no address outside the page. */
class ChartsTest {
    final Trace t = Trace.of(TablesTest.TRACE);

    @Test
    void pagesInlinePlotlyAndFetchNothing() {
        String html = Charts.html("small", Charts.live(t.live()), Charts.pages(t.pages()));
        assertTrue(html.contains("plotly.js v" + Charts.plotlyVersion()), "plotly inlined");
        assertTrue(html.length() > Charts.plotlyJs().length());
        String page = html.replace(Charts.plotlyJs(), "");
        assertFalse(page.contains("<script src"), "no external script");
        assertFalse(page.contains("http"), "no address outside the page");
        assertEquals(2, count(html, "Plotly.newPlot("));
    }

    @Test
    void compareDrawsEachTraceUnderItsName() {
        Trace other = Trace.of("malloc(100) = 1000\nmalloc(40000) = 2000\nfree(1000)\n");
        java.util.Map<String, Trace> both = new java.util.LinkedHashMap<>();
        both.put("first", t);
        both.put("second", other);
        for (Analysis a : new Analysis[] {Analysis.LIVE, Analysis.PAGES, Analysis.LIFETIMES, Analysis.SIZES, Analysis.LAYOUT}) {
            String js = Charts.fragment(Charts.compare(both, a));
            assertTrue(js.contains("name: 'first'") && js.contains("name: 'second'"), a + ": " + js);
        }
        // Sizes: the union of both traces' buckets, 0 where a trace has none (the second's 32 KiB-64 KiB block).
        String sizes = Charts.fragment(Charts.compare(both, Analysis.SIZES));
        assertTrue(sizes.contains("\"32 KiB\u201364 KiB\""), sizes);
        assertTrue(sizes.contains("title: 'Block sizes'"), sizes);
        assertTrue(Charts.fragment(Charts.compare(both, Analysis.PAGES)).contains("title: 'Working set (4 KiB pages)'"));
        assertThrows(IllegalArgumentException.class, () -> Charts.compare(both, Analysis.STATS));
    }

    @Test
    void resultsDrawThemselves() {
        assertEquals(Charts.live(t.live()).asJavascript("x"), t.live().chart().asJavascript("x"));
        assertEquals(Charts.pages(t.pages()).asJavascript("x"), t.pages().chart().asJavascript("x"));
        assertEquals(Charts.sizes(t.sizes()).asJavascript("x"), t.sizes().chart().asJavascript("x"));
        assertEquals(Charts.lifetimes(t.lifetimes()).asJavascript("x"), t.lifetimes().chart().asJavascript("x"));
        assertEquals(Charts.gaps(t.layout()).asJavascript("x"), t.layout().chart().asJavascript("x"));
        assertEquals(Charts.heapMap(t.heapMap()).asJavascript("x"), t.heapMap().chart().asJavascript("x"));
    }

    @Test
    void fragmentsHaveUniqueIds() {
        Figure f = Charts.sizes(t.sizes());
        String a = Charts.fragment(f);
        String b = Charts.fragment(f);
        assertNotEquals(a, b);
        assertTrue(a.startsWith("<div id='cmt_figure_"), a.substring(0, 40));
    }

    @Test
    void everyChartCarriesItsData() {
        String gaps = Charts.fragment(Charts.gaps(t.layout()));
        assertTrue(gaps.contains("\"128 B\u2013255 B\""), "bucket labels");
        String map = Charts.fragment(Charts.heapMap(t.heapMap()));
        // t1's segment: address 0x1000 from event 0 to 1, then a break (NaN)
        assertTrue(map.contains("x: [\"0.0\",\"1.0\",\"NaN\",\"2.0\""), map);
        assertTrue(map.contains("y: [\"4096.0\",\"4096.0\",\"NaN\""), map);
        assertTrue(map.contains("tickformat: 'x'") && map.contains("'0x' + v.toString(16)"), "hex address axis");
        assertTrue(map.contains("responsive: true") && map.contains("delete layout.width"), "a figure fits its place");
        String cdf = Charts.fragment(Charts.lifetimes(t.lifetimes()));
        assertTrue(cdf.contains("y: [\"0.25\",\"1.0\"]"), cdf);
    }

    @Test
    void reportHasEverySection() {
        String html = Report.html(t);
        for (String section : new String[] {"Summary", "Live heap", "Working set", "Sizes", "Lifetimes",
                "Gaps between address neighbours", "Fragmentation", "Heap map", "Encoding"}) {
            assertTrue(html.contains("<h2>" + section + "</h2>"), section);
        }
        assertEquals(6, count(html, "Plotly.newPlot("));
        assertFalse(html.contains("<script src"));
        assertFalse(html.contains("cdn.plot.ly/plotly"), "tablesaw's CDN page template unused");
        assertTrue(html.contains("<td class=\"num\">5,316</td>"), "peak live bytes, grouped");
    }

    static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
