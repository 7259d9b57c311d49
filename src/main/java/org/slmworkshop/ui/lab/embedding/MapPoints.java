package org.slmworkshop.ui.lab.embedding;

import java.util.EnumSet;
import java.util.Set;
import org.slmworkshop.inspect.EmbeddingMap;
import org.slmworkshop.inspect.TokenClass;
import org.slmworkshop.text.Tokenizer;
import org.slmworkshop.ui.ModelSnapshot;
import org.slmworkshop.ui.lab.TokenText;

/**
 * What the map draws, computed off the FX thread from one model: the engine's projection, each token's printable
 * label and class, and where the model came from.
 */
record MapPoints(EmbeddingMap map, String[] labels, TokenClass[] classes, ModelSnapshot snapshot) {
    /** The projection of {@code snapshot}'s embeddings; slow for a large vocabulary, so never on the FX thread. */
    static MapPoints of(ModelSnapshot snapshot) {
        EmbeddingMap map = EmbeddingMap.of(snapshot.model());
        Tokenizer tokenizer = snapshot.tokenizer();
        String[] labels = new String[map.tokens()];
        TokenClass[] classes = new TokenClass[map.tokens()];
        for (int id = 0; id < map.tokens(); id++) {
            labels[id] = TokenText.shortLabel(tokenizer, id, 12);
            classes[id] = TokenClass.of(tokenizer, id);
        }
        return new MapPoints(map, labels, classes, snapshot);
    }

    int size() {
        return labels.length;
    }

    /** The classes that occur, in the enum's order, for the legend. */
    Set<TokenClass> present() {
        Set<TokenClass> present = EnumSet.noneOf(TokenClass.class);
        for (TokenClass kind : classes) present.add(kind);
        return present;
    }
}
