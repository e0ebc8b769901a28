"""Word lists shared by the entity steps, written naturally and folded to ``token_norm`` keys.

``token_norm`` drops proclitics and the article (المتحدث → متحدث), so every set below holds
bare keys; whether a token is definite is read from its ``prefix``.
"""

from __future__ import annotations

from functools import lru_cache

from marsad.arabic import normalize_word, token_norm


@lru_cache(maxsize=1 << 15)
def key(word: str) -> str:
    """The lexicon key of a word as listed: with the article, the key ``token_norm`` gives the
    definite token (الباحث → باحث); without, the folded word itself (باحث, not ب + احث)."""
    if word.startswith("ال") and len(word) > 4:
        return token_norm(word)
    return normalize_word(word)


def keys(words: str) -> frozenset[str]:
    """The lexicon keys of space-separated words."""
    return frozenset(key(w) for w in words.split())


_keys = keys


def _table(rows: str) -> dict[str, str]:
    """``word value`` per line → {key: value}."""
    out: dict[str, str] = {}
    for row in rows.strip().splitlines():
        word, value = row.split()
        out[key(word)] = value
    return out


#: Function words, pronouns, quantifiers and frequent non-name words: never part of a name.
STOP = _keys(
    """
    في من عن مع بين منذ خلال عند قبل بعد أمام خلف فوق تحت حول ضد نحو عبر دون
    و أو ثم أم لا لم لن ما إن أن إنه أنه إنها أنها قد كان كانت يكون تكون ليس هو هي هم هن نحن أنا
    هذا هذه ذلك تلك هؤلاء الذي التي الذين اللذين اللتين أي أحد إحدى كل بعض جميع عدد عدة كثير
    أكثر أقل نفس نفسه ذاته غير سوى إلا كما لكن لكنه بل حين حيث إذا إذ لو أيضا فقط جدا اليوم أمس
    مساء صباح فجر ليلة يوم أسبوع شهر عام سنة وقت ساعة الآن وفق وفقا بحسب حسب نقلا إثر جراء
    وهو وهي فيما بينما كذلك هناك هنا أول ثاني آخر آخرين أخرى السبت الأحد الاثنين الثلاثاء الأربعاء
    الخميس الجمعة بيان تصريح حديث مؤتمر اتصال تقرير رسالة كلمة عاما عاماً سنوات أيام شخصا شخص
    أشخاص عناصر مقاتلين مسلحين مدنيين سكان أهالي مصادر مصدر مسؤول مسؤولون مسؤولين مواطن
    إنهم أنهم إننا أننا عنهم منهم لهم عليهم فيهم بهم به بها له لها منه منها عنه عنها فيه فيها إليه إليها
    وسائل بلاغ بيانا تقارير مصادر جهات جهة طرف أطراف مجموعة مجموعات عملية عمليات قوة وحدة
    """
)

#: Stop words told apart from names only by their spelling with ى (على is a preposition, علي a name).
RAW_STOP = frozenset(["على", "إلى", "حتى", "لدى", "متى", "سوى", "لدي"])

#: Reporting and announcing verbs after which a personal name may follow.
REPORTING_VERBS = _keys(
    """
    قال قالت يقول تقول أضاف أضافت أوضح أوضحت روى روت أكد أكدت صرح صرحت ذكر ذكرت أشار أشارت
    رأى رأت يرى ترى حذر حذرت تابع تابعت ختم ختمت أعلن أعلنت اعتبر اعتبرت نفى نفت لفت لفتت أفاد
    أفادت كشف كشفت شدد شددت أبلغ أبلغت أكمل أردف أردفت توعد توعدت دعا دعت طالب طالبت
    """
)

#: Byline cues: كتب: X.
BYLINE_CUES = _keys("كتب كتبت بقلم إعداد تقرير")

#: Honorifics, ranks and titles written before a name (اللواء عادل الحسناوي); kept as roles.
TITLES = _keys(
    """
    اللواء العميد العقيد المقدم الرائد النقيب الملازم الفريق المشير العماد الجنرال الأدميرال
    الشيخ الدكتور الدكتورة المهندس الأستاذ الأستاذة المستشار المستشارة القاضي القاضية الأمير الأميرة
    الملك الملكة السيد السيدة الحاج الحاجة الإمام السفير السفيرة الرقيب المفتش المطران الأب البابا
    المستشارين القضاة
    """
)
#: Plural titles that introduce several coordinated names (المستشارين سامح ... ووليد ...).
PLURAL_TITLES = _keys("المستشارين القضاة")

#: Words that may follow a title and belong to it (العميد الركن، اللواء المتقاعد، الفريق أول).
TITLE_MODIFIERS = _keys("الركن المتقاعد أول الطيار البحري الركنة")

#: Role nouns heading a role phrase, with the entity kind they suggest.
ROLE_HEADS: dict[str, str] = _table(
    """
    وزير government
    وزيرة government
    رئيس government
    رئيسة government
    نائب government
    متحدث spokesperson
    متحدثة spokesperson
    ناطق spokesperson
    ناطقة spokesperson
    زعيم leader
    قائد leader
    قائدة leader
    مدير government
    مديرة government
    أمين government
    مستشار government
    سفير government
    سفيرة government
    محافظ government
    أمير leader
    مسؤول government
    مسؤولة government
    باحث expert
    باحثة expert
    خبير expert
    خبيرة expert
    محلل expert
    محللة expert
    محامي lawyer
    محامية lawyer
    مبعوث igo
    مبعوثة igo
    منسق government
    ممثل government
    مراسل journalist
    مراسلة journalist
    متهم defendant
    متهمة defendant
    مشتبه suspect
    شاهد witness
    مقاتل fighter
    ضابط state_security
    قاضي judiciary
    مدعي judiciary
    عضو member
    """
)

#: Role heads that also need a complement or modifier to be a role phrase on their own
#: (``عضو`` alone, ``أمين`` alone are not roles).
ROLE_NEEDS_COMPLEMENT = _keys("رئيس رئيسة نائب أمين عضو مدير مديرة زعيم قائد قائدة أمير شاهد ممثل منسق مسؤول مسؤولة")

#: Role heads usable bare and definite as an anaphor (الوزير، المتحدث، الباحث).
#: Groups of synonyms share one label: a bare الناطق finds an entity whose role is متحدث.
ROLE_SYNONYMS: dict[str, str] = _table(
    """
    متحدث spokesperson
    متحدثة spokesperson
    ناطق spokesperson
    ناطقة spokesperson
    باحث expert
    باحثة expert
    خبير expert
    خبيرة expert
    محلل expert
    محللة expert
    مسؤول official
    مسؤولة official
    """
)

#: Adjectives that may follow a role head inside the role (المتحدث الرسمي، الخبير الأمني).
ROLE_ADJECTIVES = _keys(
    """
    الرسمي الرسمية العسكري العسكرية الإعلامي الإعلامية الأمني الأمنية السابق السابقة الأممي الأممية
    العام العامة الأول الأولى الثاني الدولي الأعلى الخاص الخاصة الإقليمي السياسي السياسية الاستراتيجي
    الميداني الجديد المكلف المساعد التنفيذي
    """
)

#: Verbs/words that show a ``مصدر``-type head is someone not named.
ANONYMOUS_HEADS = _keys("مصدر مصادر مسؤول مسؤولون مسؤولين مسؤولة ضابط")
ANONYMOUS_ADJECTIVES = _keys(
    """
    أمني أمنية عسكري عسكرية قضائي قضائية طبي طبية حكومي حكومية ميداني ميدانية محلي محلية رسمي رسمية
    مطلع مطلعة مقرب مقربة رفيع رفيعة دبلوماسي دبلوماسية استخباراتي استخباراتية نيابي نيابية إداري
    بارز كبير كبار قضائيون أمنيون عسكريون مطلعون
    """
)

#: Designators: head nouns of organisation/facility/place names, with the name's type and kind.
ORG_DESIGNATORS: dict[str, str] = _table(
    """
    وزارة government
    مديرية state_security
    دائرة government
    وكالة media
    جهاز state_security
    قيادة state_security
    مركز think_tank
    مؤسسة organisation
    هيئة government
    لجنة committee
    مجلس council
    محكمة judiciary
    محاكم judiciary
    نيابة judiciary
    مكتب government
    قطاع state_security
    مصرف bank
    بنك bank
    جمعية association
    مبادرة think_tank
    تحالف military_coalition
    ديوان government
    منظمة organisation
    حركة armed_group
    جماعة armed_group
    تنظيم armed_group
    حزب party
    جبهة armed_group
    كتائب armed_group
    كتيبة armed_group
    لواء armed_group
    فصيل armed_group
    شركة company
    صحيفة media
    قناة media
    إذاعة media
    تلفزيون media
    قوات state_security
    قوى state_security
    سلاح state_security
    جيش state_security
    شرطة state_security
    حرس state_security
    سفارة government
    قنصلية government
    خلية armed_group
    إدارة government
    أمانة government
    اتحاد organisation
    جامعة university
    """
)

FAC_DESIGNATORS: dict[str, str] = _table(
    """
    مستشفى hospital
    سجن prison
    مطار airport
    ميناء port
    مسجد mosque
    جامع mosque
    كنيسة place_of_worship
    ملعب stadium
    ستاد stadium
    مخيم camp
    قلعة landmark
    مجمع facility
    فندق hotel
    معبر crossing
    قاعدة base
    سوق market
    مسرح theatre
    جسر bridge
    طريق road
    سراي government_building
    منشأة facility
    معمل facility
    مصفاة energy_facility
    """
)

LOC_DESIGNATORS: dict[str, str] = _table(
    """
    شارع street
    ساحة square
    حي neighbourhood
    منطقة region
    جبل mountain
    وادي valley
    نهر river
    ضاحية district
    """
)

GPE_DESIGNATORS: dict[str, str] = _table(
    """
    مدينة city
    قرية village
    بلدة town
    محافظة region
    إقليم region
    ريف region
    """
)

#: Designators that need a definite head (الجيش السوري): as bare indefinite words they are too common.
DEFINITE_ONLY_DESIGNATORS = _keys("جيش شرطة حرس سلاح قوات قوى إدارة أمانة سوق طريق سراي منطقة حكومة سلطات")

#: Definite heads that form an organisation with a following identifying adjective
#: (الحكومة اليمنية، السلطات الأردنية، القضاء العراقي، الطيران الحربي).
DEFINITE_ORG_HEADS: dict[str, str] = _table(
    """
    حكومة government
    سلطات government
    قضاء judiciary
    طيران state_security
    دفاعات state_security
    جيش state_security
    قوات state_security
    شرطة state_security
    حرس state_security
    مرصد ngo
    مكتب government
    مديرية state_security
    إدارة government
    نيابة judiciary
    أمانة government
    وكالة media
    تلفزيون media
    محكمة judiciary
    برلمان legislature
    حشد state_security
    صليب ngo
    هلال ngo
    دفاع state_security
    مؤسسة organisation
    """
)

#: Identifying adjectives (besides nisba adjectives ending in ي/ية) that continue a name.
NAME_ADJECTIVES = _keys(
    """
    العامة العام العليا الأعلى الكبرى المركزي المركزية الوطني الوطنية المسلحة المشتركة الاتحادي الاتحادية
    الشعبي الشعبية المدني المدنية الحربي الجوي الجوية الداخلي الأحمر الخاصة الخاص الدولي الدولية
    المكلفة المستقلة الحكومي الحكومية الأمنية الأمني العسكري العسكرية الإسلامية الإسلامي العربية العربي
    القديمة الشرقية الغربية الشمالية الجنوبية الرئيسي القضائية الاستراتيجية
    """
)

#: Short forms: a definite bare head that refers back to an entity named earlier, with the
#: entity types it may refer to and the antecedent heads/kinds that fit it.
SHORT_FORMS: dict[str, tuple[frozenset[str], frozenset[str], frozenset[str]]] = {}


def _short(word: str, types: str, heads: str, kinds: str) -> None:
    SHORT_FORMS[key(word)] = (frozenset(types.split()), _keys(heads), frozenset(kinds.split()))


_short("التنظيم", "ORG", "تنظيم", "armed_group terrorist_group")
_short("الحركة", "ORG", "حركة", "armed_group political_movement")
_short("الجماعة", "ORG", "جماعة", "armed_group political_movement")
_short("الجيش", "ORG", "جيش قوات", "armed_forces army")
_short("الوزارة", "ORG", "وزارة", "ministry")
_short("الشرطة", "ORG", "شرطة مديرية", "police")
_short("المنظمة", "ORG", "منظمة", "igo ngo")
_short("الوكالة", "ORG", "وكالة", "media news_agency agency")
_short("الخلية", "ORG", "خلية", "cell")
_short("الحزب", "ORG", "حزب", "party")
_short("الجبهة", "ORG", "جبهة", "")
_short("الهيئة", "ORG", "هيئة", "")
_short("المجلس", "ORG", "مجلس", "")
_short("المحكمة", "ORG", "محكمة", "court")
_short("النيابة", "ORG", "نيابة", "")
_short("المكتب", "ORG", "مكتب", "")
_short("المديرية", "ORG", "مديرية", "")
_short("المرصد", "ORG", "مرصد", "")
_short("الشركة", "ORG", "شركة", "company")
_short("التحالف", "ORG", "تحالف", "military_coalition")
_short("الحكومة", "ORG", "حكومة", "")
_short("البرلمان", "ORG", "برلمان مجلس", "legislature")
_short("اللجنة", "ORG", "لجنة", "")
_short("المركز", "ORG", "مركز", "")
_short("الجهاز", "ORG", "جهاز", "")
_short("السلطات", "ORG", "سلطات", "")
_short("العاصمة", "GPE", "", "capital")
_short("المدينة", "GPE LOC", "مدينة", "city")
_short("البلاد", "GPE", "", "country")
_short("المملكة", "GPE", "مملكة", "kingdom")
_short("القرية", "GPE LOC", "قرية", "village")
_short("البلدة", "GPE LOC", "بلدة", "town")
_short("المحافظة", "GPE LOC", "محافظة", "region governorate")
_short("السوق", "FAC LOC", "سوق", "market")
_short("المستشفى", "FAC ORG", "مستشفى", "hospital")
_short("السجن", "FAC", "سجن", "prison")
_short("المنشأة", "FAC", "منشأة", "facility")
_short("المخيم", "FAC", "مخيم", "camp")
_short("المطار", "FAC", "مطار", "airport")
_short("السراي", "FAC", "سراي", "government_building")

#: Designators whose name is also written without them (مدينة الحزم → الحزم، حركة حسم → حسم).
ALIAS_DESIGNATORS = _keys("مدينة قرية بلدة محافظة حركة جماعة تنظيم شركة وكالة صحيفة قناة")

#: Bare short forms that stand for an entity of their own when nothing earlier fits
#: (الحكومة، الشرطة in an article that names neither).
STANDALONE_SHORT_FORMS = _keys("الحكومة الشرطة الجيش")

#: Words for a person that refer back to the person last in focus (الرجل).
PERSON_ANAPHORS = _keys("الرجل")

#: Kunya and nasab particles.
KUNYA = _keys("أبو أبي أبا أم")
NASAB = _keys("بن ابن بنت")
#: Kinship nouns: ابن عمي is "my cousin", not a name.
KINSHIP = _keys("عم خال أخ أخت أب أم جار صديق زوج زوجة ابن بنت جد جدة أخي أخيه عمي عمه خالي أبي")

#: Groups of people (NORP): a definite plural standing alone, with the group it names.
NORP_GROUPS: dict[str, str] = _table(
    """
    المحتجين protesters
    المحتجون protesters
    المتظاهرين protesters
    المتظاهرون protesters
    المودعين depositors
    المودعون depositors
    """
)

#: Directions: they end a bare genitive chain (منطقة جازان جنوب المملكة).
DIRECTIONS = _keys("جنوب شمال شرق غرب جنوبي شمالي شرقي غربي وسط")

#: Participles that follow a name without belonging to it (وكالة أعماق التابعة له).
NOT_NAME_ADJECTIVES = _keys("التابع التابعة الموالي الموالية المرتبط المرتبطة المدعوم المدعومة المعترف المقرب المقربة")

#: Role heads that take a ``في`` complement (الباحث في الشؤون الأمنية، مقاتل سابق في التنظيم).
IN_COMPLEMENT_HEADS = _keys("باحث باحثة خبير خبيرة محلل محللة مقاتل ضابط عضو مسؤول مسؤولة مراسل مراسلة")
#: Role heads that take an ``إلى`` / ``لدى`` complement (المبعوث الأممي إلى اليمن).
TO_COMPLEMENT_HEADS = _keys("مبعوث مبعوثة سفير سفيرة ممثل")
#: Titles that need a full name after them (الشيخ زويد is a town).
WEAK_TITLES = _keys("الشيخ الإمام السيد السيدة الحاج الأب")

COUNTRY_KINGDOMS = frozenset({"JO", "SA", "MA", "BH"})
