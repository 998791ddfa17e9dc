import Testing
@testable import SeraCore

/// Obligation levels from English and Kiswahili wording (corpus-facts.md §8).
@Suite struct ObligationTests {
    @Test(arguments: [
        ("A public institution shall register its systems.", Obligation.must),
        ("Every institution must use GovESB.", .must),
        ("The officer is required to report incidents.", .must),
        ("No person shall disclose personal data.", .mustNot),
        ("A controller shall not transfer data abroad.", .mustNot),
        ("Institutions should keep offsite backups.", .should),
        ("Institutions are encouraged to reuse systems.", .should),
        ("The Authority may inspect any institution.", .may),
        ("This section describes the Board.", .none),
        ("Taasisi ya umma itahakikisha mifumo inasajiliwa.", .must),
        ("Ni lazima kila taasisi kutumia e-Office.", .must),
        ("Taasisi zote zinatakiwa kujiunga na GovESB.", .must),
        ("Mkusanyaji atapaswa kuteua afisa.", .must),
        ("Ni marufuku kutumia mfumo bila idhini.", .mustNot),
        ("Mkusanyaji hatafichua taarifa binafsi.", .mustNot),
        ("Hairuhusiwi kutumia barua pepe binafsi.", .mustNot),
        ("Taasisi zinashauriwa kuhifadhi nakala rudufu.", .should),
        ("Waziri anaweza kutunga kanuni.", .may),
        ("Kuna hatari ya kupoteza taarifa.", .none),
        ("Hata hivyo mfumo unafanya kazi.", .none),
        ("A minister spoke about e-GA systems. Source: https://timesmajira.co.tz/taasisi-za-umma-zatakiwa-kutumia-mifumo-ya-e-ga", .none),
    ])
    func detects(text: String, expected: Obligation) {
        #expect(ObligationDetector.detect(text) == expected)
    }
}
