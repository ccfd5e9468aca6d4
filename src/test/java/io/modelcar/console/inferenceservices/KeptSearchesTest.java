package io.modelcar.console.inferenceservices;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

/** The kept text searches stay within their bounds, drop the one used longest ago, and follow every change. */
class KeptSearchesTest {

    private final KeptSearches<String> searches = new KeptSearches<>(Function.identity(),
            item -> item.substring(0, 1), Function.identity());

    @Test
    void keepsAtMostMaxSearchesDroppingTheOneUsedLongestAgo() throws InterruptedException {
        for (int i = 0; i < KeptSearches.MAX_SEARCHES; i++) {
            searches.keep("q" + i, new ArrayList<>(List.of("q" + i + "-item")), 1_000);
        }
        Thread.sleep(1); // the clock of "used" must move on this machine
        for (int i = 1; i < KeptSearches.MAX_SEARCHES; i++) {
            assertThat(searches.get("q" + i)).isNotNull();
        }
        searches.keep("new", new ArrayList<>(List.of("new-item")), 1_000);
        assertThat(searches.size()).isEqualTo(KeptSearches.MAX_SEARCHES);
        assertThat(searches.get("q0")).as("used longest ago").isNull();
        assertThat(searches.get("q1")).isNotNull();
        assertThat(searches.get("new").matches()).containsOnlyKeys("new-item");
    }

    @Test
    void keepsNoMoreItemsThanTheBudget() {
        searches.keep("a", items("a", 40), 100);
        searches.keep("b", items("b", 40), 100);
        assertThat(searches.keptItems()).isEqualTo(80);
        searches.keep("c", items("c", 50), 100);
        assertThat(searches.keptItems()).isEqualTo(90);
        assertThat(searches.get("a")).as("dropped to make room").isNull();
        assertThat(searches.get("b")).isNotNull();
        searches.keep("d", items("d", 100), 100);
        assertThat(searches.keptItems()).isEqualTo(100);
        assertThat(searches.size()).isOne();
    }

    @Test
    void followsEveryChangeWithAnExactCount() {
        KeptSearches.Search<String> search = searches.keep("ab", new ArrayList<>(List.of("xab", "aby")), 100);
        assertThat(search.matches().keySet()).containsExactly("aby", "xab");
        searches.changed("zab", null, "zab");
        searches.changed("qq", null, "qq");
        searches.changed("xab", "xab", null);
        assertThat(search.matches().keySet()).containsExactly("aby", "zab");
        assertThat(search.count()).isEqualTo(2);
        searches.changed("aby", "aby", "aby");
        assertThat(search.count()).as("an unchanged match is not counted twice").isEqualTo(2);
        assertThat(search.count("a")).isOne();
        assertThat(search.count("z")).isOne();
        assertThat(search.count("x")).isZero();
        assertThat(search.groups()).as("a group with no match left is not kept").isEqualTo(2);
    }

    private static List<String> items(String prefix, int n) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add(prefix + i);
        }
        return items;
    }
}
