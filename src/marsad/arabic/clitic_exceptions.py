"""Common words that look like proclitic + word but are one word (وزير is not و + زير).

The list is deliberately small and news-oriented: frequent nouns, names and function words
that begin with و ف ب ل ك or with ال that is not the article (ألمانيا, التقى). A gazetteer
or lexicon passed as ``known`` to ``strip_clitics`` covers the rest. Entries are written
naturally; they are folded with ``normalize_word`` at import. Three-letter words need no
entry unless stripping one letter would leave a two-letter function word (كان → ك + ان).
"""

from __future__ import annotations

from marsad.arabic.normalize import normalize_word

_WORDS = """
لبنان لندن ليبيا لاهاي لشبونة لاتفيا ليتوانيا ليبيريا لوكسمبورغ لافروف لوبان لوس
بغداد بيروت بريطانيا بنغازي باريس برلين بروكسل بكين بلجيكا بولندا بلغاريا باكستان
بنغلاديش بورما بوليفيا بيرو بنما بوتين بايدن بلينكن بشار بنيامين بابل بعلبك بيلاروسيا
بورسعيد بوروندي بوركينا بولونيا
فلسطين فلسطيني فلسطينية فلسطينيون فلسطينيين فرنسا فرنسي فرنسية فنزويلا فنلندا فيتنام
فيينا فلوريدا فلاديمير فيصل فاروق فاطمة فؤاد فيسبوك فيفا
كابول كانون كندا كوريا كوبا كينيا كولومبيا كرواتيا كازاخستان كاراكاس كييف كردستان
كركوك كربلاء كيري كمال كريم كلينتون كوسوفو كمبوديا كوستاريكا
واشنطن وارسو ويلز وليد وائل وهران
وزير وزيرة وزراء وزارة وزارات ولاية ولايات والي والد والدة وكالة وكالات وكيل وطني
وطنية وفاة وفيات واقع وسائل وسيلة وثيقة وثائق وحدة وحدات وجود ورقة ولادة واجب ورشة
وصول وقود وظيفة وظائف واضح واضحة واسع واسعة ولاء
فريق فرقة فصيل فصائل فكرة فيلم فقط فوق فيروس فائدة فترة فرصة فندق فعلا فعاليات
فساد فيه فيها فيهم فيما
كان كانت كانوا كلا كما كلمة كلمات كبير كبيرة كبار كتاب كتلة كرة كرسي كلية كمية كهرباء
كورونا كافة كامل كاملة كثير كثيرة كثيرا كلفة كمين كتيبة كنيسة
بيان بيانات بلاد بلدان بلدة بلدية بينما بداية بحرية برلمان برنامج برامج بطولة بحوث
بنود بناء بنية بورصة بضائع بطاقة بوابة بيئة بدون بريد بقاء بقية بلاغ
لجنة لجان لقاء لقاءات لكن لكنه لكنها ليست ليلة لواء لغة لحظة لعبة لاعب لاعبين لاجئ
لاجئين لائحة لوحة ليرة لجوء لماذا
الذي التي الذين اللذان اللتان اللذين اللتين اللاتي اللواتي اللائي الله اللهم إلا إلى
ألمانيا ألماني ألمانية ألبانيا ألفين إلغاء إلكتروني إلكترونية إلكترونيا ألعاب إلزام
التقى التقت التقاء التزام التزامات التفاف التماس إلهام
"""

CLITIC_EXCEPTIONS: frozenset[str] = frozenset(normalize_word(w) for w in _WORDS.split())

# Two-letter words a single proclitic may leave behind (وهو → و + هو). Any other two-letter
# remainder is more likely a three-letter word's tail (وقت is not و + قت).
_SHORT_WORDS = """
هو هي هم هن ما من في عن لا لم لن لو قد أن إن أو مع ها كم له لي لك به بي بك هل ثم أي يا ذا كل إذ
"""
SHORT_REMAINDERS: frozenset[str] = frozenset(normalize_word(w) for w in _SHORT_WORDS.split())
