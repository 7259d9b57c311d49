package org.slmworkshop.ui.lab.surprise;

import java.util.Comparator;
import java.util.List;
import org.slmworkshop.model.BigramConfig;
import org.slmworkshop.text.Encoding;
import org.slmworkshop.train.TokenLosses;
import org.slmworkshop.ui.ModelSnapshot;

/**
 * One model's losses on the passage, ready for the FX thread.
 *
 * @param text       the passage as scored
 * @param model      the model that scored it
 * @param losses     the engine's per-token losses, windows and cross-entropy
 * @param unknowns   how many tokens of the passage this model's tokenizer reads as {@code <unk>}
 * @param stride     the stride used: the one asked for, at most the model's context
 */
record Scored(String text, ModelSnapshot model, TokenLosses.Result losses, int unknowns, int stride) {
    /** Windows a call; as {@code eval}'s default, which does not change the losses, only the speed. */
    static final int BATCH = 16;

    /** Scores {@code text} with windows of the model's context every {@code stride} tokens (runs off the FX thread). */
    static Scored score(ModelSnapshot model, String text, int stride) {
        int context = model.model().config().contextLength();
        int used = Math.max(1, Math.min(stride, context));
        Encoding encoding = model.tokenizer().encode(text);
        TokenLosses.Result result = TokenLosses.of(model.model(), model.tokenizer(), encoding.ids(), context, used, BATCH);
        return new Scored(text, model, result, encoding.unknownCount(), used);
    }

    /** A bigram reads only the token before; the window's context does not reach it. */
    boolean readsOneToken() {
        return model.model().config() instanceof BigramConfig;
    }

    /** The passage's length in tokens, the unscored first one included. */
    int tokenCount() {
        return losses.tokens().size() + 1;
    }

    double maxLoss() {
        return losses.tokens().stream().mapToDouble(TokenLosses.TokenLoss::loss).max().orElse(0);
    }

    /** The {@code count} largest losses, largest first. */
    List<TokenLosses.TokenLoss> biggestSurprises(int count) {
        return losses.tokens().stream().sorted(Comparator.comparingDouble(TokenLosses.TokenLoss::loss).reversed())
                .limit(count).toList();
    }

    /** The loss of target {@code position} (1 … n − 1). */
    TokenLosses.TokenLoss at(int position) {
        return losses.tokens().get(position - 1);
    }

    /** True when both cut the passage into the same pieces, so their losses can be compared token by token. */
    boolean alignsWith(Scored other) {
        if (other == null || !text.equals(other.text) || tokenCount() != other.tokenCount()) return false;
        if (!losses.firstPiece().equals(other.losses.firstPiece())) return false;
        for (int i = 0; i < losses.tokens().size(); i++) {
            if (!losses.tokens().get(i).piece().equals(other.losses.tokens().get(i).piece())) return false;
        }
        return true;
    }
}
