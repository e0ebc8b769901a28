"""Generate a large synthetic corpus straight into a store (no NLP pipeline), for search and
store benchmarks.

Run: .venv/bin/python benchmarks/gen_corpus.py N --db PATH|URL [--seed 7] [--batch 2000]

Articles recombine the sentence templates below (written for marsad, not taken from any
outlet): a dateline, one or two event sentences (attacks, clashes, arrests, protests, talks,
aid, sanctions...), a reaction with a quote, and background sentences, with places, actors,
people, outlets, numbers and dates drawn from the pools below. Every record is a valid
``marsad.document/1`` record whose entities (with mentions at their exact offsets), quotes,
events (type, mode, trigger, place, actors, dead/injured, date) and times are synthesised from
the templates, so the store gets realistic rows and event clusters. The same N and seed always
give the same corpus.

For speed the generator writes in large batches (one transaction each) and, on an SQLite file
that it creates, builds the secondary indexes after the load.
"""

# ruff: noqa: E501  (the sentence templates are whole Arabic sentences)
from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

# -- pools -------------------------------------------------------------------------------------------

# (kb_id, name, country, lat, lon, kind)
PLACES = [
    ("Q1530", "بغداد", "IQ", 33.34, 44.40, "city"), ("Q83079", "الموصل", "IQ", 36.34, 43.13, "city"),
    ("Q131370", "البصرة", "IQ", 30.51, 47.78, "city"), ("Q190314", "كركوك", "IQ", 35.47, 44.39, "city"),
    ("Q131221", "الفلوجة", "IQ", 33.35, 43.78, "city"), ("Q193051", "الرمادي", "IQ", 33.43, 43.30, "city"),
    ("Q3766", "دمشق", "SY", 33.51, 36.29, "city"), ("Q41183", "حلب", "SY", 36.20, 37.16, "city"),
    ("Q173245", "حمص", "SY", 34.73, 36.71, "city"), ("Q188997", "إدلب", "SY", 35.93, 36.63, "city"),
    ("Q134762", "الرقة", "SY", 35.95, 39.01, "city"), ("Q208045", "دير الزور", "SY", 35.33, 40.14, "city"),
    ("Q2471", "صنعاء", "YE", 15.37, 44.19, "city"), ("Q131694", "عدن", "YE", 12.78, 45.04, "city"),
    ("Q210938", "تعز", "YE", 13.58, 44.02, "city"), ("Q219656", "الحديدة", "YE", 14.80, 42.95, "city"),
    ("Q311073", "مأرب", "YE", 15.46, 45.33, "city"), ("Q3692", "الرياض", "SA", 24.71, 46.68, "city"),
    ("Q374365", "جدة", "SA", 21.54, 39.17, "city"), ("Q214011", "نجران", "SA", 17.49, 44.13, "city"),
    ("Q35178", "الكويت", "KW", 29.37, 47.98, "city"), ("Q3820", "بيروت", "LB", 33.89, 35.50, "city"),
    ("Q170329", "طرابلس", "LB", 34.44, 35.85, "city"), ("Q3805", "صيدا", "LB", 33.56, 35.37, "city"),
    ("Q85", "القاهرة", "EG", 30.04, 31.24, "city"), ("Q87", "الإسكندرية", "EG", 31.20, 29.92, "city"),
    ("Q145281", "العريش", "EG", 31.13, 33.80, "city"), ("Q3579", "طرابلس الغرب", "LY", 32.89, 13.19, "city"),
    ("Q172546", "بنغازي", "LY", 32.12, 20.09, "city"), ("Q3572", "تونس", "TN", 36.81, 10.18, "city"),
    ("Q3561", "الجزائر", "DZ", 36.75, 3.06, "city"), ("Q3551", "الرباط", "MA", 34.02, -6.83, "city"),
    ("Q3805134", "عمّان", "JO", 31.95, 35.93, "city"), ("Q1218", "القدس", "PS", 31.78, 35.22, "city"),
    ("Q39297", "غزة", "PS", 31.50, 34.47, "city"), ("Q1490", "الخرطوم", "SD", 15.50, 32.56, "city"),
    ("Q2449", "مقديشو", "SO", 2.04, 45.34, "city"), ("Q3826", "مسقط", "OM", 23.59, 58.41, "city"),
    ("Q1489", "المنامة", "BH", 26.23, 50.59, "city"), ("Q3861", "الدوحة", "QA", 25.29, 51.53, "city"),
]

# (kb_id, name, kind, short form)
ACTORS = [
    ("Q2429253", "تنظيم داعش", "armed_group", "التنظيم"), ("Q41053", "جماعة الحوثي", "armed_group", "الجماعة"),
    ("Q1144476", "هيئة تحرير الشام", "armed_group", "الهيئة"), ("Q38797", "حزب الله", "armed_group", "الحزب"),
    ("Q47489", "حركة حماس", "armed_group", "الحركة"), ("Q471964", "حركة الشباب", "armed_group", "الحركة"),
    ("Q1061104", "تنظيم القاعدة", "armed_group", "التنظيم"), ("Q20712213", "الحشد الشعبي", "armed_group", "الحشد"),
    ("Q1200419", "قوات سوريا الديمقراطية", "armed_group", "القوات"),
    ("marsad:iq-army", "الجيش العراقي", "state_security", "الجيش"),
    ("marsad:sy-army", "الجيش السوري", "state_security", "الجيش"),
    ("marsad:eg-army", "الجيش المصري", "state_security", "الجيش"),
    ("marsad:ye-army", "الجيش اليمني", "state_security", "الجيش"),
    ("marsad:lb-isf", "قوى الأمن الداخلي", "state_security", "قوى الأمن"),
    ("marsad:sa-coalition", "التحالف العربي", "state_security", "التحالف"),
    ("marsad:us-coalition", "التحالف الدولي", "state_security", "التحالف"),
    ("marsad:iq-ct", "جهاز مكافحة الإرهاب", "state_security", "الجهاز"),
    ("marsad:kw-interior", "وزارة الداخلية الكويتية", "government", "الوزارة"),
    ("marsad:sa-interior", "وزارة الداخلية السعودية", "government", "الوزارة"),
    ("marsad:iq-interior", "وزارة الداخلية العراقية", "government", "الوزارة"),
    ("Q1065", "الأمم المتحدة", "igo", "المنظمة الدولية"), ("Q7817", "منظمة الصحة العالمية", "igo", "المنظمة"),
    ("Q7163", "جامعة الدول العربية", "igo", "الجامعة"), ("Q42970", "الصليب الأحمر", "ngo", "اللجنة"),
    ("Q180229", "منظمة العفو الدولية", "ngo", "المنظمة"), ("Q467817", "أطباء بلا حدود", "ngo", "المنظمة"),
]

# (kb_id or None, name, role)
PEOPLE = [
    ("marsad:p-001", "أحمد الخطيب", "المتحدث باسم وزارة الداخلية"),
    ("marsad:p-002", "سامي العبيدي", "محافظ المدينة"), ("marsad:p-003", "خالد المنصوري", "قائد العمليات"),
    ("marsad:p-004", "ليلى حداد", "مديرة الصحة"), ("marsad:p-005", "يوسف الزبيدي", "وزير الخارجية"),
    ("marsad:p-006", "مريم الشامي", "المتحدثة باسم المنظمة"), ("marsad:p-007", "عمر الفاروق", "رئيس الوزراء"),
    ("marsad:p-008", "حسن الجابري", "عضو البرلمان"), ("marsad:p-009", "نادية السيد", "الناشطة الحقوقية"),
    ("marsad:p-010", "طارق العلي", "العميد"), ("marsad:p-011", "فاطمة الزهراني", "المبعوثة الأممية"),
    ("marsad:p-012", "إبراهيم القاسم", "رئيس المجلس المحلي"), ("marsad:p-013", "سعيد الحربي", "اللواء"),
    ("marsad:p-014", "رنا الخوري", "المحللة السياسية"), ("marsad:p-015", "مصطفى النجار", "وزير الداخلية"),
    (None, "مصدر أمني", "مصدر أمني"), (None, "شاهد عيان", "شاهد عيان"), (None, "مسؤول محلي", "مسؤول محلي"),
]

OUTLETS = ["الحياة", "الشرق الأوسط", "العربية نت", "الجزيرة نت", "سبق", "عكاظ", "الرياض", "النهار", "الأهرام",
           "القدس العربي", "اليوم السابع", "المدى", "السفير", "الوطن", "الخليج", "عنب بلدي"]

NUMBER_WORDS = {2: "اثنين", 3: "ثلاثة", 4: "أربعة", 5: "خمسة", 6: "ستة", 7: "سبعة", 8: "ثمانية", 9: "تسعة",
                10: "عشرة"}
WEEKDAYS = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]

# -- sentence templates ---------------------------------------------------------------------------
# Slots: {P} a place, {P2} another place, {A} an actor, {A2} another actor, {S} the actor's short form,
# {W} a person (name), {R} that person's role, {D} dead, {I} injured, {N} a number, {T} a time
# phrase. [[word]] marks the event trigger; the template's (type, mode) types the event.

EVENTS: list[tuple[str, str | None, str]] = [
    ("ASSAULT", "car_bombing", "[[انفجرت]] سيارة مفخخة في سوق شعبي وسط {P} {T}، ما أسفر عن مقتل {D} أشخاص وإصابة {I} آخرين."),
    ("ASSAULT", "car_bombing", "قتل {D} مدنيين وأصيب {I} في [[تفجير]] سيارة ملغومة قرب حاجز أمني في {P} {T}."),
    ("ASSAULT", "suicide_bombing", "فجّر انتحاري نفسه داخل مسجد في {P} {T}، وأدى [[الهجوم]] إلى سقوط {D} قتلى و{I} جرحى."),
    ("ASSAULT", "suicide_bombing", "تبنى {A} [[التفجير]] الانتحاري الذي استهدف مركزاً للشرطة في {P} وأودى بحياة {D} عناصر."),
    ("ASSAULT", "ied", "[[انفجرت]] عبوة ناسفة بدورية عسكرية على الطريق الرئيسي في {P}، ما أدى إلى مقتل {D} جنود."),
    ("ASSAULT", "ied", "أصيب {I} أشخاص بجروح إثر [[انفجار]] عبوة لاصقة بسيارة موظف حكومي في {P} {T}."),
    ("ASSAULT", "airstrike", "شنت طائرات {A} [[غارات]] على مواقع في {P} {T}، وقالت مصادر محلية إن {D} أشخاص قتلوا."),
    ("ASSAULT", "airstrike", "قتل {D} مسلحين في [[غارة]] جوية نفذها {A} على مخزن للأسلحة شمال {P}."),
    ("ASSAULT", "airstrike", "استهدفت [[ضربات]] جوية رتلاً لـ{A} قرب {P}، ودمرت عدداً من الآليات."),
    ("ASSAULT", "shelling", "[[قصف]] {A} أحياء سكنية في {P} بقذائف الهاون {T}، ما أوقع {D} قتلى بينهم أطفال."),
    ("ASSAULT", "shelling", "سقطت قذائف صاروخية على مطار {P} {T}، ولم يسفر [[القصف]] عن إصابات بحسب السلطات."),
    ("ASSAULT", "shooting", "[[أطلق]] مسلحون مجهولون النار على حافلة تقل عمالاً في {P}، فقتلوا {D} منهم وأصابوا {I}."),
    ("ASSAULT", "shooting", "لقي {D} أشخاص مصرعهم في [[هجوم]] مسلح على نقطة تفتيش عند المدخل الجنوبي لـ{P}."),
    ("ASSAULT", "assassination", "[[اغتال]] مسلحون {W} أمام منزله في {P} {T}، ولم تتبن أي جهة العملية."),
    ("ASSAULT", "abduction", "[[اختطف]] مسلحون يعتقد أنهم من {A} {N} عمال إغاثة على طريق {P}."),
    ("ASSAULT", "stabbing", "أصيب {I} أشخاص في [[هجوم]] طعن نفذه شاب في سوق {P} قبل أن تعتقله الشرطة."),
    ("ASSAULT", None, "أعلن {A} مسؤوليته عن [[الهجوم]] الذي استهدف قاعدة عسكرية في {P} وأسفر عن مقتل {D} جنود."),
    ("FIGHT", "armed_clash", "[[اشتباكات]] عنيفة اندلعت بين {A} و{A2} في ريف {P} {T}، وقتل فيها {D} مقاتلين."),
    ("FIGHT", "armed_clash", "تواصلت [[المعارك]] بين {A} و{A2} على أطراف {P} لليوم الثالث على التوالي."),
    ("FIGHT", "territory_taken", "[[سيطر]] {A} على بلدات عدة قرب {P} بعد معارك استمرت أياماً مع {A2}."),
    ("FIGHT", "territory_regained", "[[استعاد]] {A} السيطرة على الأحياء الشرقية من {P} بعد طرد {A2} منها."),
    ("FIGHT", "armed_clash", "قتل {D} عناصر من {A} في [[مواجهات]] مع {A2} عند الحدود الإدارية لـ{P}."),
    ("RETREAT", "withdrawal", "[[انسحب]] مقاتلو {A} من مواقعهم في {P} بموجب اتفاق رعته الأمم المتحدة."),
    ("COERCE", "arrest", "[[اعتقلت]] {A} {N} أشخاص يشتبه بانتمائهم إلى {A2} خلال مداهمات في {P} {T}."),
    ("COERCE", "arrest", "أعلنت {A} [[القبض]] على خلية من {N} عناصر كانت تخطط لهجمات في {P}."),
    ("COERCE", "raid", "[[داهمت]] قوة أمنية منزلاً في {P} وضبطت أسلحة وأحزمة ناسفة، بحسب {W}."),
    ("COERCE", "seizure", "[[ضبطت]] السلطات شحنة أسلحة مهربة في ميناء {P} {T}، وأوقفت {N} مشتبهين."),
    ("COERCE", "curfew", "[[فرضت]] السلطات حظر تجول في {P} بعد أعمال عنف شهدتها المدينة {T}."),
    ("PROTEST", "demonstration", "[[تظاهر]] مئات من أهالي {P} أمام مبنى المحافظة مطالبين بتحسين الخدمات وتوفير الكهرباء."),
    ("PROTEST", "demonstration", "خرجت [[مسيرات]] في {P} {T} احتجاجاً على ارتفاع الأسعار وتردي الأوضاع المعيشية."),
    ("PROTEST", "sit_in", "نفذ معلمون [[اعتصاماً]] أمام وزارة التربية في {P} للمطالبة بصرف رواتبهم المتأخرة."),
    ("PROTEST", "strike", "[[أضرب]] عمال الموانئ في {P} عن العمل احتجاجاً على قرارات الإدارة الجديدة."),
    ("PROTEST", "riot", "تحولت [[احتجاجات]] في {P} إلى مواجهات مع قوات الأمن أسفرت عن إصابة {I} أشخاص."),
    ("MOBILIZE", "troop_deployment", "[[دفع]] {A} بتعزيزات عسكرية كبيرة إلى محيط {P} تحسباً لهجوم محتمل."),
    ("MOBILIZE", "alert", "[[رفعت]] السلطات حالة التأهب القصوى في {P} بعد تهديدات بشن هجمات."),
    ("THREATEN", "threat", "[[هدد]] {A} بشن هجمات جديدة على {P} إذا استمرت العمليات العسكرية ضده."),
    ("AGREE", "ceasefire", "[[اتفق]] {A} و{A2} على وقف لإطلاق النار في {P} يبدأ منتصف الليل."),
    ("AGREE", None, "[[وقعت]] الحكومة و{A} اتفاقاً لتبادل الأسرى في {P} برعاية {A2}."),
    ("CONSULT", None, "[[التقى]] {W} وفداً من {A} في {P} لبحث الأوضاع الأمنية والإنسانية."),
    ("CONSULT", None, "[[بحث]] {W} مع ممثلي {A} في {P} سبل تثبيت التهدئة."),
    ("AID", None, "[[وصلت]] قافلة مساعدات تابعة لـ{A} إلى {P} تحمل أغذية وأدوية لآلاف الأسر."),
    ("AID", None, "[[قدمت]] {A} مساعدات طبية عاجلة لمستشفيات {P} التي تعاني نقصاً حاداً في الأدوية."),
    ("SANCTION", None, "[[فرضت]] الولايات المتحدة عقوبات على قياديين في {A} بتهمة تمويل هجمات في {P}."),
    ("DISAPPROVE", None, "[[أدان]] {A} الهجوم الذي شهدته {P}، ووصفه بأنه عمل إجرامي جبان."),
    ("DISAPPROVE", None, "[[نددت]] {A} بما وصفته انتهاكات بحق المدنيين في {P}."),
    ("DEMAND", None, "[[طالبت]] {A} بفتح تحقيق مستقل في أحداث {P} ومحاسبة المسؤولين عنها."),
    ("INVESTIGATE", None, "[[فتحت]] النيابة العامة تحقيقاً في ملابسات الحادث الذي وقع في {P} {T}."),
    ("REJECT", None, "[[رفض]] {A} المبادرة المطروحة لحل الأزمة في {P}، معتبراً أنها لا تلبي المطالب."),
    ("SUPPORT", None, "[[أعلنت]] {A} دعمها لجهود الحكومة في {P} لإعادة الاستقرار."),
    ("CRIME", None, "[[سطا]] مسلحون على مصرف في {P} {T} واستولوا على مبالغ مالية كبيرة."),
]

QUOTES = [
    ("direct", "وقال {W}، {R}، في تصريح صحافي: \"{Q}\"."),
    ("direct", "وأضاف {W}: \"{Q}\"."),
    ("indirect", "وقال {W} إن {Q2}."),
    ("indirect", "وأكد {R} {W} أن {Q2}."),
    ("indirect", "وأوضح {W} أن {Q2}."),
    ("direct", "ونقلت وكالة الأنباء الرسمية عن {W} قوله: \"{Q}\"."),
]
QUOTE_CONTENT = [
    "لن نسمح بزعزعة الأمن والاستقرار في البلاد", "الأجهزة الأمنية تلاحق المتورطين وستقدمهم إلى العدالة",
    "الوضع الإنساني كارثي ويحتاج إلى تدخل عاجل", "نحمّل الجهات المسؤولة كامل المسؤولية عما حدث",
    "المستشفيات استقبلت عشرات المصابين وبعضهم في حالة حرجة", "نطالب المجتمع الدولي بتحمل مسؤولياته",
    "العملية العسكرية ستستمر حتى تحقيق أهدافها", "فرق الإنقاذ ما زالت تبحث عن ناجين تحت الأنقاض",
    "الحوار هو السبيل الوحيد لحل الأزمة", "قواتنا تصدت للهجوم وكبدت المهاجمين خسائر كبيرة",
    "الأسواق فتحت أبوابها والحياة عادت تدريجياً إلى طبيعتها", "نرفض أي تدخل خارجي في شؤوننا الداخلية",
]
QUOTE_CLAUSE = [
    "القوات الأمنية فرضت طوقاً حول المكان", "عدد الضحايا مرشح للارتفاع", "التحقيقات جارية لمعرفة ملابسات الحادث",
    "المهاجمين فروا إلى جهة مجهولة", "الحكومة ستعوض المتضررين", "المفاوضات ستستأنف الأسبوع المقبل",
    "الهدنة صمدت رغم بعض الخروقات", "المساعدات لم تصل بعد إلى المناطق المحاصرة",
    "السلطات اعتقلت عدداً من المشتبه بهم", "الطرق الرئيسية أغلقت أمام حركة السير",
]

BACKGROUND = [
    "وتشهد {P} منذ أشهر توتراً أمنياً متصاعداً وسط مخاوف من انهيار التهدئة.",
    "ويأتي ذلك بعد أيام من هجوم مماثل استهدف المنطقة نفسها.",
    "وكانت {P} قد شهدت في عام {Y} موجة من الهجمات الدامية.",
    "وتعاني المدينة من انقطاع متكرر للكهرباء والمياه منذ بداية الصيف.",
    "ولم تعلن أي جهة مسؤوليتها عن الهجوم حتى ساعة إعداد هذا التقرير.",
    "وتقول منظمات حقوقية إن آلاف المدنيين نزحوا من المنطقة خلال الأسابيع الماضية.",
    "ويعد هذا الهجوم الأعنف منذ مطلع العام الجاري.",
    "وتسعى الأمم المتحدة إلى جمع الأطراف المتنازعة حول طاولة المفاوضات.",
    "وأغلقت المحال التجارية أبوابها في الأحياء القريبة من موقع الانفجار.",
    "وسارعت سيارات الإسعاف إلى نقل المصابين إلى مستشفيات {P}.",
    "ويخشى السكان من تجدد المواجهات مع اقتراب موعد الانتخابات.",
    "وتتهم الحكومة جهات خارجية بدعم الجماعات المسلحة في المنطقة.",
    "وانتشرت قوات الأمن بكثافة في الشوارع الرئيسية وأقامت حواجز تفتيش.",
    "وأعلنت المدارس تعليق الدراسة ليومين في المناطق المتضررة.",
    "ويشهد الاقتصاد المحلي تراجعاً حاداً بسبب الأوضاع الأمنية.",
    "وتداول ناشطون على مواقع التواصل الاجتماعي صوراً تظهر حجم الدمار.",
    "وتعهدت السلطات بإعادة إعمار ما دمرته المعارك في أسرع وقت.",
    "وتأتي هذه التطورات في ظل أزمة سياسية تعصف بالبلاد منذ أشهر.",
    "وطالب أهالي الضحايا بكشف الحقيقة ومحاسبة المقصرين.",
    "ويرى مراقبون أن الهجوم يحمل رسائل سياسية في توقيت حساس.",
    "وتقدر الأمم المتحدة عدد المحتاجين إلى مساعدات إنسانية بالملايين.",
    "وشيعت {P} ضحايا الهجوم في موكب جنائزي حاشد.",
    "وتبادل الطرفان الاتهامات بخرق الاتفاقات السابقة.",
    "وأشار التقرير إلى أن الوضع الصحي في المخيمات يزداد سوءاً.",
    "ودعت {A} إلى ضبط النفس وتغليب لغة الحوار.",
    "ويتولى {W} منصبه منذ عام {Y}.",
    "وتبعد {P} نحو مئة كيلومتر عن {P2}.",
    "وكان {A} قد أعلن في وقت سابق نيته توسيع عملياته.",
]

TITLES = [
    "مقتل {D} في {P}", "هجوم جديد يهز {P}", "{A} يتبنى هجوم {P}", "توتر في {P} بعد اشتباكات دامية",
    "احتجاجات غاضبة في {P}", "اعتقالات في {P}", "{P}: حصيلة الضحايا ترتفع", "مساعدات إنسانية تصل إلى {P}",
    "اتفاق لوقف إطلاق النار في {P}", "إدانات واسعة لهجوم {P}",
]

SLOT = re.compile(r"\{([A-Z]\d?|Q2?|Y)\}|\[\[([^\]]+)\]\]")


@dataclass
class Builder:
    """Text of one article under construction, with entity mentions and the trigger spans."""

    parts: list[str] = field(default_factory=list)
    length: int = 0
    mentions: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict)
    triggers: list[tuple[int, int, str]] = field(default_factory=list)
    quotes: list[tuple[int, int, str, str]] = field(default_factory=list)  # start, end, kind, speaker key
    times: list[tuple[int, int, str]] = field(default_factory=list)

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def mention(self, key: str, text: str) -> None:
        self.mentions.setdefault(key, []).append((self.length, self.length + len(text), text))
        self.add(text)


def render(builder: Builder, template: str, fill: dict[str, tuple[str, str | None]]) -> None:
    """Append ``template`` with its slots filled: ``fill`` maps a slot to (text, entity key)."""
    pos = 0
    for match in SLOT.finditer(template):
        builder.add(template[pos:match.start()])
        if match.group(2):
            start = builder.length
            builder.add(match.group(2))
            builder.triggers.append((start, builder.length, match.group(2)))
        else:
            text, key = fill[match.group(1)]
            if key is None:
                if match.group(1) == "T":
                    builder.times.append((builder.length, builder.length + len(text), text))
                builder.add(text)
            else:
                builder.mention(key, text)
        pos = match.end()
    builder.add(template[pos:])


def make_record(n: int, rng: random.Random, start: date, days: int) -> dict[str, Any]:
    published = start + timedelta(days=rng.randrange(days))
    place = rng.choice(PLACES)
    place2 = rng.choice(PLACES)
    actor, actor2 = rng.sample(ACTORS, 2)
    person = rng.choice(PEOPLE)
    outlet = rng.choice(OUTLETS)
    dead, injured = rng.choice([0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 15, 20, 25, 40]), rng.randrange(0, 60)
    lag = rng.choice([0, 1, 1, 1, 2])
    event_day = published - timedelta(days=lag)
    time_phrase = {0: "اليوم", 1: "أمس", 2: "أول من أمس"}[lag] if rng.random() < 0.7 else \
        "يوم " + WEEKDAYS[event_day.weekday()]

    def number(value: int) -> str:
        return NUMBER_WORDS[value] if value in NUMBER_WORDS and rng.random() < 0.4 else str(value)

    fill: dict[str, tuple[str, str | None]] = {
        "P": (place[1], "place"), "P2": (place2[1], "place2"), "A": (actor[1], "actor"), "A2": (actor2[1], "actor2"),
        "S": (actor[3], "actor"), "W": (person[1], "person"), "R": (person[2], None), "D": (number(dead), None),
        "I": (number(injured), None), "N": (number(rng.randrange(2, 30)), None), "T": (time_phrase, None),
        "Y": (str(published.year - rng.randrange(1, 8)), None),
    }
    b = Builder()
    b.mention("place", place[1])
    b.add(" - ")
    chosen = rng.sample(EVENTS, rng.choice([1, 1, 2]))
    events: list[dict[str, Any]] = []
    for etype, mode, template in chosen:
        before = len(b.triggers)
        render(b, template, fill)
        b.add(" ")
        if len(b.triggers) > before:
            t0, t1, word = b.triggers[-1]
            uses_actor = "{A}" in template
            events.append({"type": etype, "mode": mode, "trigger": (t0, t1, word),
                           "actors": ["actor"] if uses_actor else [],
                           "targets": ["actor2"] if "{A2}" in template and etype in ("FIGHT", "COERCE") else [],
                           "dead": dead if "{D}" in template else None,
                           "injured": injured if "{I}" in template else None})
    for template in rng.sample(BACKGROUND, rng.randrange(1, 4)):
        render(b, template, fill)
        b.add(" ")
    if rng.random() < 0.8:
        kind, template = rng.choice(QUOTES)
        content = rng.choice(QUOTE_CONTENT) if kind == "direct" else rng.choice(QUOTE_CLAUSE)
        head, _, tail = template.replace("{Q2}", "{Q}").partition("{Q}")
        render(b, head, fill)
        q0 = b.length
        b.add(content)
        b.quotes.append((q0, b.length, kind, "person"))
        render(b, tail, fill)
        b.add(" ")
    for template in rng.sample(BACKGROUND, rng.randrange(1, 3)):
        render(b, template, fill)
        b.add(" ")
    text = "".join(b.parts).rstrip()
    title = rng.choice(TITLES)
    for slot, (value, _) in fill.items():
        title = title.replace("{" + slot + "}", value)
    doc_id = f"gen-{n:08d}"
    ids = {}
    entities = []
    pools = {"place": place, "place2": place2, "actor": actor, "actor2": actor2, "person": person}
    for key, spans in b.mentions.items():
        spans = [s for s in spans if s[1] <= len(text)]
        if not spans:
            continue
        eid = f"e{len(entities) + 1}"
        ids[key] = eid
        item = pools[key]
        if key.startswith("place"):
            ent = {"id": eid, "type": "GPE", "name": item[1], "name_en": None, "kb_id": item[0], "kind": item[5],
                   "geo": {"lat": item[3], "lon": item[4], "country": item[2], "precision": "city"}}
        elif key.startswith("actor"):
            ent = {"id": eid, "type": "ORG", "name": item[1], "name_en": None, "kb_id": item[0], "kind": item[2]}
        else:
            ent = {"id": eid, "type": "PER", "name": item[1], "name_en": None, "kb_id": item[0], "kind": None,
                   "roles": [item[2]]}
        ent["mentions"] = [{"start": s, "end": e, "text": t, "kind": "name"} for s, e, t in spans]
        entities.append(ent)
    record_events = []
    for i, ev in enumerate(events, 1):
        t0, t1, word = ev["trigger"]
        record_events.append({
            "id": f"v{i}", "type": ev["type"], "mode": ev["mode"], "acled": None,
            "trigger": {"start": t0, "end": t1, "text": word},
            "actors": [ids[k] for k in ev["actors"] if k in ids], "targets": [ids[k] for k in ev["targets"] if k in ids],
            "place": ids.get("place"), "date": {"value": event_day.isoformat(), "precision": "day",
                                                 "relative": True},
            "dead": ev["dead"], "injured": ev["injured"], "size": None,
            "modality": "asserted" if rng.random() < 0.85 else rng.choice(["claimed", "denied", "planned"]),
            "reference": "current"})
    quotes = [{"id": f"q{i}", "kind": kind, "content": {"start": q0, "end": q1, "text": text[q0:q1]}, "cue": None,
               "speaker": {"entity": ids.get(speaker), "span": None}} for i, (q0, q1, kind, speaker) in
              enumerate(b.quotes, 1)]
    times = [{"value": event_day.isoformat(), "precision": "day", "relative": True,
              "span": {"start": s, "end": e, "text": t}} for s, e, t in b.times]
    return {
        "schema": "marsad.document/1", "id": doc_id, "text": text,
        "meta": {"title": title, "language": "ar", "published": {"value": published.isoformat(), "precision": "day"},
                 "source": {"url": f"https://news.example/{outlet}/{n}", "outlet": outlet, "credits": []},
                 "authors": [], "section": None, "removed": [], "warnings": [], "origin": "gen_corpus",
                 "duplicate_of": None},
        "sentences": [[0, len(text)]], "entities": entities, "quotes": quotes, "events": record_events,
        "times": times, "pipeline": {"version": "gen_corpus", "steps": []},
    }


def generate(count: int, seed: int, *, first: int = 0, start: date = date(2014, 1, 1),
             days: int = 3650) -> Iterator[dict[str, Any]]:
    """``count`` records; the same (count, seed) always gives the same records."""
    for n in range(first, first + count):
        yield make_record(n, random.Random(seed * 1_000_003 + n), start, days)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("count", type=int)
    parser.add_argument("--db", required=True, help="SQLite file or postgresql:// URL")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--first", type=int, default=0, help="number of the first article (to extend a corpus)")
    parser.add_argument("--batch", type=int, default=2000)
    args = parser.parse_args()
    from marsad.store import open_store
    from marsad.store.schema import INDEX_NAMES, INDEXES, statements

    store = open_store(args.db)
    bulk = store.dialect == "sqlite" and store.stats()["documents"] == 0
    keep = {"entities_local", "documents_duplicate_of", "events_cluster", "event_clusters_type_date"}
    if bulk:  # build most secondary indexes after the load (the ones writing needs stay)
        with store._transaction():
            for name in INDEX_NAMES:
                if name not in keep:
                    store._execute(f"DROP INDEX IF EXISTS {name}")
        store._execute("PRAGMA synchronous = OFF")
    started = time.perf_counter()
    done = 0
    batch: list[dict[str, Any]] = []
    for rec in generate(args.count, args.seed, first=args.first):
        batch.append(rec)
        if len(batch) >= args.batch:
            done += store.save_many(batch, batch_size=args.batch)
            batch = []
            rate = done / (time.perf_counter() - started)
            print(f"\r{done:,} articles, {rate:,.0f}/s", end="", file=sys.stderr, flush=True)
    if batch:
        done += store.save_many(batch, batch_size=args.batch)
    load = time.perf_counter() - started
    if bulk:
        t0 = time.perf_counter()
        with store._transaction():
            for stmt in statements(INDEXES):
                name = stmt.split()[2]
                if name not in keep:
                    store._execute(stmt.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS"))
        store._execute("PRAGMA synchronous = NORMAL")
        store._execute("ANALYZE")
        store._execute("INSERT INTO documents_fts(documents_fts) VALUES ('optimize')")
        print(f"\nindexes built in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    elif store.dialect == "postgresql":
        store._execute("ANALYZE")
    print(f"\n{done:,} articles stored in {load:.0f} s ({done / load:,.0f}/s) into {store.url}; {store.stats()}")
    store.close()


if __name__ == "__main__":
    main()
