package dev.stockroom.sync.channels;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One JSON mapper for every channel body, built and read as trees (the channels' shapes, not our classes). */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /** Parses a channel's answer; a body that is not JSON is reported, never thrown past the adapter. */
    public static JsonNode parse(String body) throws MalformedAnswerException {
        try {
            JsonNode node = MAPPER.readTree(body == null ? "" : body);
            if (node == null || node.isMissingNode()) {
                throw new MalformedAnswerException("the channel answered with an empty body");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new MalformedAnswerException("the channel answered with something that is not JSON ("
                    + abbreviate(body, 60) + ")");
        }
    }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String abbreviate(String s, int max) {
        if (s == null) {
            return "";
        }
        String oneLine = s.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max) + "...";
    }

    /** The channel's answer did not have the shape its API promises. */
    public static final class MalformedAnswerException extends Exception {
        public MalformedAnswerException(String message) {
            super(message);
        }
    }
}
