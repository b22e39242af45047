// Loads one ontology file with the OWL API and checks it against the OWL 2 DL and OWL 2 RL profiles.
// Prints one line per violation ("<PROFILE>\t<violation>") and one count line per profile
// ("COUNT <PROFILE> <n>"); exits 0 when the file loaded (whatever the counts), 2 when it did not.
// Used by tests/test_owl_tools.py, which compiles it against Debian's libowlapi-java.
//
// Usage: java -cp <jars>:<dir> ProfileCheck FILE [PROFILE...]   (PROFILE: OWL2_DL, OWL2_RL, OWL2_EL, OWL2_QL, OWL2_FULL)

import java.io.File;
import java.util.ArrayList;
import java.util.List;

import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.io.FileDocumentSource;
import org.semanticweb.owlapi.model.MissingImportHandlingStrategy;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyLoaderConfiguration;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;
import org.semanticweb.owlapi.profiles.Profiles;

public final class ProfileCheck {
    private ProfileCheck() {}

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: ProfileCheck FILE [PROFILE...]");
            System.exit(64);
        }
        List<Profiles> profiles = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            profiles.add(Profiles.valueOf(args[i]));
        }
        if (profiles.isEmpty()) {
            profiles.add(Profiles.OWL2_DL);
            profiles.add(Profiles.OWL2_RL);
        }
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        // No network: the ontology imports nothing, and reused terms are declared in it.
        OWLOntologyLoaderConfiguration config = new OWLOntologyLoaderConfiguration()
                .setMissingImportHandlingStrategy(MissingImportHandlingStrategy.SILENT)
                .setStrict(false);
        OWLOntology ontology;
        try {
            ontology = manager.loadOntologyFromOntologyDocument(new FileDocumentSource(new File(args[0])), config);
        } catch (Exception e) {
            System.err.println("LOAD-ERROR " + e);
            System.exit(2);
            return;
        }
        System.out.println("AXIOMS " + ontology.getAxiomCount());
        for (Profiles profile : profiles) {
            OWLProfileReport report = profile.checkOntology(ontology);
            List<OWLProfileViolation> violations = report.getViolations();
            for (OWLProfileViolation v : violations) {
                System.out.println(profile.name() + "\t" + v.toString().replaceAll("\\s+", " ").trim());
            }
            System.out.println("COUNT " + profile.name() + " " + violations.size());
        }
    }
}
