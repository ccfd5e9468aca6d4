package io.modelcar.console.storageinitializer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

class ConfigJsonTest {

    static JsonNode json(String text) {
        ConfigJson.Parsed parsed = ConfigJson.parse(text);
        assertThat(parsed.ok()).as(text).isTrue();
        return parsed.value();
    }

    static Stream<Arguments> mergePatches() {
        // RFC 7396 appendix A, plus order preservation.
        return Stream.of(
                Arguments.of("{\"a\":\"b\"}", "{\"a\":\"c\"}", "{\"a\":\"c\"}"),
                Arguments.of("{\"a\":\"b\"}", "{\"b\":\"c\"}", "{\"a\":\"b\",\"b\":\"c\"}"),
                Arguments.of("{\"a\":\"b\"}", "{\"a\":null}", "{}"),
                Arguments.of("{\"a\":\"b\",\"b\":\"c\"}", "{\"a\":null}", "{\"b\":\"c\"}"),
                Arguments.of("{\"a\":[\"b\"]}", "{\"a\":\"c\"}", "{\"a\":\"c\"}"),
                Arguments.of("{\"a\":\"c\"}", "{\"a\":[\"b\"]}", "{\"a\":[\"b\"]}"),
                Arguments.of("{\"a\":{\"b\":\"c\"}}", "{\"a\":{\"b\":\"d\",\"c\":null}}", "{\"a\":{\"b\":\"d\"}}"),
                Arguments.of("{\"a\":[{\"b\":\"c\"}]}", "{\"a\":[1]}", "{\"a\":[1]}"),
                Arguments.of("[\"a\",\"b\"]", "[\"c\",\"d\"]", "[\"c\",\"d\"]"),
                Arguments.of("{\"a\":\"b\"}", "[\"c\"]", "[\"c\"]"),
                Arguments.of("{\"a\":\"foo\"}", "null", "null"),
                Arguments.of("{\"a\":\"foo\"}", "\"bar\"", "\"bar\""),
                Arguments.of("{\"e\":null}", "{\"a\":1}", "{\"e\":null,\"a\":1}"),
                Arguments.of("[1,2]", "{\"a\":\"b\",\"c\":null}", "{\"a\":\"b\"}"),
                Arguments.of("{}", "{\"a\":{\"bb\":{\"ccc\":null}}}", "{\"a\":{\"bb\":{}}}"),
                Arguments.of("{\"z\":1,\"unknown\":true,\"a\":2}", "{\"a\":3,\"m\":4}",
                        "{\"z\":1,\"unknown\":true,\"a\":3,\"m\":4}"));
    }

    @ParameterizedTest(name = "{0} + {1}")
    @MethodSource("mergePatches")
    void mergePatchFollowsRfc7396AndKeepsOrder(String target, String patch, String expected) {
        JsonNode result = ConfigJson.mergePatch(json(target), json(patch));
        assertThat(ConfigJson.MAPPER.writeValueAsString(result)).isEqualTo(expected);
    }

    @Test
    void mergePatchDoesNotModifyTheTarget() {
        JsonNode target = json("{\"a\":1}");
        ConfigJson.mergePatch(target, json("{\"a\":2}"));
        assertThat(target.toString()).isEqualTo("{\"a\":1}");
    }

    @Test
    void diffListsChangedAddedAndRemovedKeys() {
        List<ConfigJson.KeyChange> diff = ConfigJson.diff(json("{\"a\":1,\"b\":true,\"c\":\"x\"}"),
                json("{\"a\":1,\"b\":false,\"d\":null}"));
        assertThat(diff).extracting(ConfigJson.KeyChange::key).containsExactly("b", "d", "c");
        assertThat(diff.get(0).before().booleanValue()).isTrue();
        assertThat(diff.get(0).after().booleanValue()).isFalse();
        assertThat(diff.get(1).before()).isNull();
        assertThat(diff.get(1).after().isNull()).isTrue();
        assertThat(diff.get(2).after()).isNull();
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("{\n    \"a\": tru\n}", 2, 10),
                Arguments.of("{\"a\": 1,}", 1, 9),
                Arguments.of("{\n  \"a\": 1\n", 3, 1),
                Arguments.of("{\"a\": 1} x", 1, 10),
                Arguments.of("", 1, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void whenNotJsonThenErrorWithLineAndColumn(String text, int line, int column) {
        ConfigJson.Parsed parsed = ConfigJson.parse(text);
        assertThat(parsed.ok()).isFalse();
        assertThat(parsed.error().line()).isEqualTo(line);
        assertThat(parsed.error().column()).isEqualTo(column);
        assertThat(parsed.error().message()).isNotBlank().doesNotContain("Source:");
    }

    @Test
    void writesLikeKServeShipsIt() {
        assertThat(ConfigJson.write(json("{\"image\":\"x\",\"uidModelcar\":1010,\"n\":{\"a\":[1,2]},\"e\":{}}")))
                .isEqualTo("""
                        {
                            "image": "x",
                            "uidModelcar": 1010,
                            "n": {
                                "a": [
                                    1,
                                    2
                                ]
                            },
                            "e": {}
                        }""");
    }

    @Test
    void numbersOfUnknownKeysKeepTheirDigits() {
        assertThat(ConfigJson.write(json("{\"ratio\": 1.10, \"big\": 12345678901234567890}")))
                .contains("\"ratio\": 1.10").contains("\"big\": 12345678901234567890");
    }

    @Test
    void sameContentNeedsSameOrder() {
        assertThat(ConfigJson.sameContent(json("{\"a\":1,\"b\":2}"), json("{\"a\":1,\"b\":2}"))).isTrue();
        assertThat(ConfigJson.sameContent(json("{\"a\":1,\"b\":2}"), json("{\"b\":2,\"a\":1}"))).isFalse();
        assertThat(ConfigJson.sameContent(json("{\"a\":1}"), json("{\"a\":2}"))).isFalse();
    }

    @Test
    void whenAKeyIsWrittenTwiceThenTheLastValueWinsAndTheRepetitionIsFound() {
        String text = "{\"a\": 1, \"n\": {\"a\": 1, \"b\": 2}, \"a\": 2, \"b\": 3}";
        assertThat(json(text).get("a").intValue()).isEqualTo(2);
        assertThat(ConfigJson.duplicateKeys(text)).containsExactly("a");
        assertThat(ConfigJson.duplicateKeys("{\"a\": tru")).isEmpty();
    }

    @Test
    void occurrencesAreEveryTopLevelKeyInTheOrderWrittenWithItsValue() {
        String text = "{\"a\": \"1\", \"n\": {\"a\": 1, \"b\": [2.50]}, \"a\": 1e3}";

        assertThat(ConfigJson.occurrences(text)).extracting(java.util.Map.Entry::getKey).containsExactly("a", "n", "a");
        assertThat(ConfigJson.occurrences(text)).extracting(e -> e.getValue().toString())
                .containsExactly("\"1\"", "{\"a\":1,\"b\":[2.50]}", "1E+3");
        assertThat(ConfigJson.occurrences("[1]")).isNull();
        assertThat(ConfigJson.occurrences("{\"a\": tru")).isNull();
        assertThat(ConfigJson.occurrences("")).isNull();
    }
}
