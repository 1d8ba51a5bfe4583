package cmt.dsl;

import cmt.codec.Event;
import cmt.codec.Sites;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.util.ArrayList;
import java.util.List;

/**
 * Numbers the groups of a call-site analysis densely from 0 as their first block appears, so that per-group
 * state can live in arrays: one group per recorder site for {@link By#SITE} (the stacks need not be known
 * yet, they are read after the last event), one per key of the site's stack otherwise (the site table must
 * then be known before the pass). Blocks without a site form a group of their own.
 */
final class SiteGroups {
    /** The key of the group of blocks that have no call site. */
    static final String NO_SITE = "(no call site)";

    private final By by;
    private final Sites table;
    private final Long2IntOpenHashMap ofSite = new Long2IntOpenHashMap();
    private final Object2IntOpenHashMap<String> ofKey = new Object2IntOpenHashMap<>();
    private final LongArrayList sites = new LongArrayList();
    private final List<String> keys = new ArrayList<>();

    /** Groups by {@code by}; {@code table} is needed unless {@code by} is {@link By#SITE}. */
    SiteGroups(By by, Sites table) {
        if (!by.bySite() && table == null) {
            throw new IllegalArgumentException("grouping by " + by + " needs the site table first");
        }
        this.by = by;
        this.table = table;
        ofSite.defaultReturnValue(-1);
        ofKey.defaultReturnValue(-1);
    }

    /** The group of an allocation at {@code site} ({@link Event#NONE} for none). */
    int of(long site) {
        int g = ofSite.get(site);
        if (g >= 0) {
            return g;
        }
        if (by.bySite() || site == Event.NONE) {
            g = sites.size();
            sites.add(site);
            keys.add(null);
        } else {
            String key = by.key(table.frames(site));
            g = ofKey.getInt(key);
            if (g < 0) {
                g = sites.size();
                sites.add(site);
                keys.add(key);
                ofKey.put(key, g);
            }
        }
        ofSite.put(site, g);
        return g;
    }

    /** Groups seen so far. */
    int size() {
        return sites.size();
    }

    /** The recorder's site of group {@code g} when grouping by site; the first site seen in it otherwise. */
    long site(int g) {
        return sites.getLong(g);
    }

    /** The key of group {@code g}, its stack read from {@code complete} (the table after the last event). */
    String key(int g, Sites complete) {
        long site = sites.getLong(g);
        if (site == Event.NONE) {
            return NO_SITE;
        }
        String k = keys.get(g);
        return k != null ? k : by.key(complete.frames(site));
    }

    By by() {
        return by;
    }
}
