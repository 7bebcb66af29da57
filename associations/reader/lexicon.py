"""Word lists (as regular-expression fragments) shared by the rules.

All fragments match the *normalised* text: lower case, ``å``/``ä`` -> ``a``,
``ö`` -> ``o``, ``é`` -> ``e``. Swedish inflection is covered with explicit endings
(``medlem(?:mar|men|marna)?``) or a trailing ``\\w*`` on stems that are unambiguous.
"""

from __future__ import annotations

# Grounds of discrimination (Diskrimineringslagen's seven grounds and common extras).
GROUND = (
    r"(?:\bkon(?:s(?:identitet|overskridande\s+identitet(?:\s+eller\s+uttryck)?|uttryck))?\b"
    r"|\bkonsidentitet|\bkonsoverskridande\w*|\betni\w*|\bhudfarg\w*|\bras\b|\brasistisk\w*"
    r"|\breligio\w*|\btrosuppfattning\w*|\blivsaskadning\w*|\btro\b|\btrostillhorighet"
    r"|\bsexu\w*\s+(?:laggning|orientering|identitet)|\bsexualitet|\bfunktions(?:nedsattning|hinder"
    r"|variation|formaga)\w*|\bhandikapp\w*|\balder\b|\baldrar\b|\bpolitisk\w*\s+(?:uppfattning"
    r"|asikt|tillhorighet|askadning|hemvist)\w*|\bnationalitet\w*|\bnationell\w*\s+(?:eller\s+"
    r"etnisk\w*\s+)?(?:ursprung|harkomst|tillhorighet)|\bharkomst|\bursprung\b|\bsocial\w*\s+"
    r"(?:bakgrund|stallning|status)|\bsprak\b|\bmedborgarskap\w*|\bklasstillhorighet|\bklass\b"
    r"|\bdiskrimineringsgrund\w*|\bhbtq?\w*|\bkulturell\w*\s+bakgrund)"
)

# The core grounds: naming one of them is enough for an explicit clause.
GROUND_CORE = (
    r"(?:\bkon\b|\bkons(?:identitet|overskridande|uttryck)\w*|\betni\w*|\bhudfarg\w*|\bras\b"
    r"|\breligio\w*|\btrosuppfattning\w*|\btro\b|\bsexu\w*\s+(?:laggning|orientering|identitet)"
    r"|\bsexualitet|\bfunktions(?:nedsattning|hinder|variation)\w*|\bhandikapp\w*"
    r"|\bnationalitet\w*|\bnationell\w*\s+(?:eller\s+etnisk\w*\s+)?(?:ursprung|harkomst)"
    r"|\bharkomst|\bursprung\b|\bdiskrimineringsgrund\w*|\bhbtq?\w*)"
)

# Nouns naming a members' meeting (the general assembly) of an association.
MEETING_NOUN = (
    r"\b(?!styrelse|arbetsutskott)\w*(?:mote|motet|moten|motena|stamma|stamman|stammor|stammorna"
    r"|kongress|kongressen|fullmaktige|konvent|konventet|representantskap|representantskapet"
    r"|ting|tinget|generalforsamling|generalforsamlingen|landskapet)\b|\bmedlemmarna\b"
)

# Nouns naming a board, council or single leader (not a members' meeting).
BOARD_NOUN = (
    r"\b\w*(?:styrelse|styrelsen|radet|ledning|ledningen|ordforande|ordforanden|huvudman"
    r"|huvudmannen|grundare|grundaren|grundarna|stiftare|stiftarna|direktion|direktionen"
    r"|presidiet|namnden|utskottet|kommitten|imamen|pastorn|forestandaren)\b"
)

# Organisational units that send delegates to a federation's assembly.
UNIT_NOUN = (
    r"\b\w*(?:kar|karer|forening|foreningar|lokalavdelning|lokalavdelningar|avdelning"
    r"|avdelningar|klubb|klubbar|distrikt|krets|kretsar|lag|organisation|organisationer"
    r"|sektion|sektioner|nation|nationer|medlemsforening|medlemsforeningar)\b"
)

# --- groups that a membership condition may be limited to ------------------------------

FEMALE = (
    r"\b(?:kvinn(?:a|or|orna|lig|liga|ligt)|flick(?:a|or|orna)|tjej(?:er|erna)?|dott(?:er|rar)"
    r"|mamm(?:a|or|orna)|modrar|damer(?:na)?|systrar(?:na)?)\b"
)
MALE = (
    r"\b(?:man(?:lig|liga|ligt)|pojk(?:e|ar|arna)|kill(?:e|ar|arna)|herr(?:ar|arna)|soner"
    r"|pappor(?:na)?|fader|broder(?:na)?|man|mannen)\b"
)
GENDER_IDENTITY = r"\b(?:transperson\w*|icke-?binar\w*|intersex\w*|transkvinn\w*|transman\w*)"
ORIGIN = (
    r"(?:\b\w+-ursprung\w*|\bursprung(?:et)?\b|\bharkomst\w*|\b\w+harkomst"
    r"|\bharstamm\w*|\bharror\s+fran|\brotter\s+i\b|\betni\w*|\bnationalitet\w*"
    r"|\b\w+fodda?\b|\bfodda?\s+(?:i|pa|utomlands|utanfor)\s+(?![12]\d{3})|\binfodd\w*"
    r"|\binvandra\w*|\binflytt\w*\s+fran|\bmodersmal\w*|\b(?:utlandsk|invandrar|\w+sk)\s+"
    r"bakgrund|\bbakgrund\s+(?:fran|i)\b|\bfolkgrupp\w*|\bminoritet\w*|\bsam(?:e|er|erna|isk\w*)\b"
    r"|\brom(?:er|erna|sk\w*)\b|\bsverige(?:finn|somali|kurd|iran|turk|chilen|bosni|eritre|assyr"
    r"|syrian|arab|grek|pol)\w*|\bkommer\s+fran\b|\bharstammar\s+fran|\b\w*svenskar\b"
    r"|\b\w+talande\b|\b(?:somalier|kurder|eritreaner|etiopier|syrier|irakier|iranier|afghaner"
    r"|bosnier|serber|kroater|albaner|kosovoalbaner|turkar|greker|araber|palestinier|libaneser"
    r"|marockaner|tunisier|algerier|egyptier|sudaneser|nigerianer|ugandier|kongoleser|gambier"
    r"|assyrier|syrianer|kaldeer|armenier|tjetjener|ryssar|ukrainare|polacker|estlandare|letter"
    r"|litauer|ungrare|rumaner|bulgarer|finnar|finlandare|norrman|danskar|islandare|chilenare"
    r"|peruaner|colombianer|bolivianer|argentinare|brasilianare|mexikaner|kubaner|vietnameser"
    r"|thailandare|kineser|japaner|koreaner|filippiner|indier|pakistanier|bangladeshier|tamiler"
    r"|srilankeser|afrikaner|asiater|latinamerikaner|kurdiska\s+kvinnor)\b)"
)
CITIZENSHIP = r"\b(?:medborgar\w*|statsborgar\w*|uppehallstillstand\w*|(?:svensk|svenskt)\s+pass)"
RELIGION = (
    r"\b(?:bekann(?:er|a|else\w*)|trosbekann\w*|troende|tron\b|tro\s+pa|religio(?!nsfrihet|nsdialog|nskunskap|nsvetenskap)\w*"
    r"|trossamfund\w*|dopt\w*|dopet|dop\b|konfirmer\w*|muslim\w*|kristn\w*|kristen|kristus"
    r"|katol\w*|ortodox\w*|protestant\w*|lutersk\w*|judisk\w*|judar(?:na)?|jude\b|hindu\w*"
    r"|buddh\w*|sikh\w*|islam\w*|ahmadi\w*|shia\w*|sunni\w*|alevi\w*|svenska\s+kyrkan"
    r"|\w+kyrkan\b|\w*kyrka\b|gud\b|guds\b|jesus)"
)
ORIENTATION = (
    r"\b(?:homosexu\w*|heterosexu\w*|bisexu\w*|lesbisk\w*|gay\b|bogs\w*|hbtq?\w*|queer\w*"
    r"|sexu\w*\s+(?:laggning|orientering))"
)
STUDY = (
    r"\b(?:student(?:er|en|erna)?|studerande|studerar|studerat|elev(?:er|erna)?|doktorand\w*"
    r"|inskriv\w*\s+(?:vid|pa|som)|antagen\s+(?:vid|till|pa)\s+\w*(?:universitet|hogskola"
    r"|utbildning|program|skola|linje)\w*|kursdeltagare|examen|examinerad\w*|utexaminerad\w*"
    r"|kurs\w*\s+vid)\b"
)
ALUMNI = (
    r"\b(?:tidigare\s+(?:har\s+)?(?:varit|vart)\s+medlem\w*|har\s+varit\s+medlem\w*"
    r"|tidigare\s+medlem\w*|alumn\w*|veteran\w*|f\.\s?d\.\s+(?:elev|student)\w*)"
)
WORK = (
    r"\b(?:anstalld\w*|anstallning\w*|arbetar\s+(?:vid|inom|pa|i|som|med|hos)|arbetat\s+"
    r"(?:vid|inom|pa|i|som|med|hos)|arbetande|yrkesverksam\w*|verksam(?:ma)?\s+(?:vid|inom|pa"
    r"|som|i)|tjanstgor\w*|tjanstgjort|arbetstagare|legitimera\w*|yrkesutovare|utbildad\w*\s+"
    r"(?:till|som|inom)|har\s+(?:en\s+)?(?:examen|legitimation))\b"
)
PROFESSION = (
    r"\b(?:lakare|sjukskoterskor|sjukskoterska|jurister?|advokater?|larare|ingenjorer|forskare"
    r"|journalister?|poliser|officerare|lantbrukare|foretagare|naringsidkare|forfattare"
    r"|konstnarer|musiker|tandlakare|psykologer|arkitekter|ekonomer|pastorer|praster)\b"
)
RESIDENCE = (
    r"\b(?:bor|boende|bosatt\w*|folkbokford\w*|mantalsskriv\w*|fastighetsagare|fastighetsinnehavare"
    r"|hyresgast\w*|hyr\s+(?:\w+\s+)?(?:bostad|lagenhet|lokal)|bostadsratt|bostadsrattshavare|bostadsrattsinnehavare|delagare|agare\s+(?:av|till)"
    r"|innehar\s+(?:en\s+)?(?:fastighet|bostad|tomt|fritidshus|stuga|lagenhet)|fritidshus\w*"
    r"|fritidsboende|permanentboende|fastboende|bofast\w*|hemmahorande)\b"
)
AGE_BAND = (
    r"(?:\bpensionar\w*|\balderspension\w*|\bsenior\w*|\buppbar\s+pension|\bpensionerad\w*"
    r"|\bmellan\s+\d{1,3}\s+och\s+\d{1,3}\s+ar\b|\b(?:under|upp\s+till|till\s+och\s+med"
    r"|mellan|over|aldre\s+an|yngre\s+an)\s+\d{1,3}\s*(?:-\s*\d{1,3}\s*)?ar\b|\b\d{1,2}\s*-\s*\d{1,2}"
    r"\s+ar\b|\bi\s+aldern\s+\d|\bungdomar\s+(?:mellan|upp|under)|\bfodd\w*\s+(?:ar\s+)?\d{4}\s+"
    r"eller\s+(?:tidigare|senare))"
)
AGE_MIN = r"\b(?:fyllt|fyller|har\s+fyllt|lagst|minst)\s+\d{1,2}\s+ar\b|\bmyndig\w*"
FAMILY = (
    r"\b(?:foraldrar|foralder|vardnadshavare|anhorig\w*|make|maka|sambo|syskon)\s+"
    r"(?:till|for|med|som\s+har)\b"
)
BELONGING = r"\bsom\s+tillhor\s+(?!foreningen|\w+s\s+malgrupp)"

# Extra requirements that make membership conditional (not a closed group).
EXTRA = (
    r"\b(?:anknytning\s+till|koppling\s+till|kunskap\w*\s+(?:om|i|inom)|erfarenhet\w*\s+"
    r"(?:av|inom)|genomgatt|avlagt|provmedlem\w*|provotid\w*|provperiod\w*|introduktionskurs\w*"
    r"|intervju\w*|kvalific\w*|meriter|behorig\w*|inbjud\w*|referens\w*)"
)
# Membership of another organisation required ("medlemmar ska också vara medlemmar i ...").
OTHER_MEMBERSHIP = (
    r"\b(?:ska|skall|maste)\s+(?:ocksa\s+|aven\s+)?vara\s+medlem(?:mar)?\s+i\s+(?!foreningen\b)"
)
RECOMMENDATION = (
    r"\b(?:rekommend\w*|fadder\w*|faddr\w*|ga\s+i\s+god|garant\w*|introducer\w*\s+av"
    r"|foresla\w*\s+av\s+(?:en|tva|tre|minst)|intyg\w*\s+(?:fran|av)|referens\w*)"
)
