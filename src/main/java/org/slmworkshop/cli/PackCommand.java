package org.slmworkshop.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slmworkshop.lesson.ClassroomPack;
import org.slmworkshop.lesson.PackReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "pack", description = "Classroom packs: a lessons folder with its checkpoints and corpora in one checked file.",
        subcommands = {PackCommand.Export.class, PackCommand.Import.class, PackCommand.Verify.class})
final class PackCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        picocli.CommandLine.usage(this, System.out);
        return 0;
    }

    private static String megabytes(long bytes) {
        return String.format("%.1f MB", bytes / 1e6);
    }

    @Command(name = "export", description = "Pack a lessons folder, the checkpoints its lessons open and the corpora they name.")
    static final class Export implements Callable<Integer> {
        @Option(names = "--lessons", defaultValue = "${sys:slm.lessons:-lessons}", description = "The lessons folder (default ${DEFAULT-VALUE}).")
        Path lessons;

        @Option(names = "--out", required = true, description = "The pack to write, e.g. workshop" + ClassroomPack.EXTENSION + ".")
        Path out;

        @Option(names = "--corpus", paramLabel = "ID|PATH", description = "One more corpus to carry: a shipped corpus id, or a file or folder.")
        String corpus;

        @Override
        public Integer call() {
            ClassroomPack.Exported pack = ClassroomPack.export(lessons, corpus, out);
            System.out.printf("wrote %s: %d lessons, %d files, %s unpacked, %s on disk%n", out, pack.lessons(),
                    pack.manifest().entries().size(), megabytes(pack.manifest().totalBytes()), megabytes(out.toFile().length()));
            for (String checkpoint : pack.checkpoints()) System.out.println("  checkpoint " + checkpoint);
            for (String corpusPath : pack.corpora()) System.out.println("  corpus     " + corpusPath);
            return 0;
        }
    }

    @Command(name = "import", description = "Check a pack and unpack it into a folder; its lessons land in FOLDER/lessons.")
    static final class Import implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE", description = "The pack.")
        Path pack;

        @Option(names = "--into", required = true, paramLabel = "FOLDER", description = "Where to unpack (new or empty, unless --replace).")
        Path into;

        @Option(names = "--replace", description = "Replace FOLDER if it exists, once the pack checked out.")
        boolean replace;

        @Override
        public Integer call() {
            PackReader.Imported imported = PackReader.importInto(pack, into, replace);
            System.out.printf("checked %d files (%s), every SHA-256 as the manifest records%n", imported.manifest().entries().size(),
                    megabytes(imported.manifest().totalBytes()));
            System.out.println("lessons: " + imported.lessonsFolder());
            if (imported.corpus() != null) System.out.println("corpus:  " + imported.corpus());
            System.out.println("open them with: slm lessons check --dir " + imported.lessonsFolder()
                    + ", or in the app with File ▸ Lessons folder…");
            return 0;
        }
    }

    @Command(name = "verify", description = "Check a pack's every entry against its manifest; writes nothing.")
    static final class Verify implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE", description = "The pack.")
        Path pack;

        @Override
        public Integer call() {
            ClassroomPack.Manifest manifest = PackReader.verify(pack);
            System.out.printf("ok  %s: %d lessons, %d files, %s; every SHA-256 as the manifest records%n", pack,
                    manifest.lessonFiles().size(), manifest.entries().size(), megabytes(manifest.totalBytes()));
            return 0;
        }
    }
}
