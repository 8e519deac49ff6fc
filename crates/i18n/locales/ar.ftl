# واجهة WAICO — العربية. يجب أن توجد كل رسالة هنا في ar وzh وfr وru وes.
# تستخدم صيغ الجمع الدالة PLURAL($count)، التي تأخذ فئة CLDR من ICU4X.

brand-long = WAICO — المنظمة العالمية للتعاون في مجال الذكاء الاصطناعي
skip-to-content = الانتقال إلى المحتوى
nav-label = التنقل الرئيسي
nav-members = الأعضاء
nav-institutions = المؤسسات
nav-api = API
nav-admin = الأمانة
nav-signin = تسجيل الدخول
nav-signout = تسجيل الخروج
lang-switcher = اللغة
footer-text = WAICO برمجية مفتوحة المصدر للتعاون المتعدد الأطراف المفتوح في مجال الذكاء الاصطناعي. ويمكن لأي عضو تشغيل عقدته الخاصة.
footer-health = حالة الخدمة
table-region = جدول قابل للتمرير

home-title = المنظمة العالمية للتعاون في مجال الذكاء الاصطناعي
home-lead = منصة مفتوحة واحدة تنسّق فيها الدول تطوير الذكاء الاصطناعي وحوكمته: إطار قواعد مشترك، ومداولات مفتوحة، وسجل عام قابل للتحقق، ونماذج وبيانات مشتركة، ووصول عادل إلى القدرات الحاسوبية والكفاءات — مع إعطاء الأولوية للجنوب العالمي.
home-figures = المنظمة بالأرقام
home-global-south-share = من الدول الأعضاء تنتمي إلى الجنوب العالمي
home-parts = ما تقدمه المنصة
home-newest = أحدث الأعضاء
home-all-members = جميع الدول الأعضاء
part-members = الأعضاء
part-members-text = الدول والمؤسسات والأفراد، مع أدوارهم. ويُستمد الانتماء إلى «الجنوب العالمي» من فئات الدخل لدى البنك الدولي، ولا يُدخَل يدويًا أبدًا.
part-framework = الإطار
part-framework-text = القواعد الوطنية للذكاء الاصطناعي في صورة حزم قواعد قابلة للقراءة آليًا، مع مطابقتها بفهرس موحد للضوابط.
part-deliberation = المداولات
part-deliberation-text = مقترحات الدول الأعضاء ومشاوراتها وعمليات التصويت فيها، مع قرارات تدخل حيز النفاذ.
part-commons = الموارد المشتركة
part-commons-text = نماذج ومجموعات بيانات وأدوات مفتوحة، يمكن تنزيلها بالبرامج التي يستخدمها الباحثون بالفعل.
part-capacity = تبادل القدرات
part-capacity-text = توزيع عادل للقدرات الحاسوبية المتبرَّع بها، ومطابقة الزمالات مع الباحثين المناسبين.
part-safety = السلامة
part-safety-text = تقارير حوادث الذكاء الاصطناعي ومعلومات التهديدات، يتبادلها الأعضاء وفق تصنيفات TLP.
part-coming = قريبًا
part-coming-text = هذا الجزء قيد الإعداد وغير متاح بعد.

members-count = { PLURAL($count) ->
    [zero] لا توجد دول أعضاء
    [one] دولة عضو واحدة
    [two] دولتان عضوان
    [few] { $count } دول أعضاء
    [many] { $count } دولة عضوًا
   *[other] { $count } دولة عضو
}
members-count-label = { PLURAL($count) ->
    [zero] دول أعضاء
    [one] دولة عضو
    [two] دولتان عضوان
    [few] دول أعضاء
    [many] دولة عضوًا
   *[other] دولة عضو
}
observers-count-label = { PLURAL($count) ->
    [zero] مراقبين
    [one] مراقب
    [two] مراقبان
    [few] مراقبين
    [many] مراقبًا
   *[other] مراقب
}
institutions-count-label = { PLURAL($count) ->
    [zero] مؤسسات
    [one] مؤسسة
    [two] مؤسستان
    [few] مؤسسات
    [many] مؤسسةً
   *[other] مؤسسة
}
regions-count-label = { PLURAL($count) ->
    [zero] مناطق في العالم
    [one] منطقة في العالم
    [two] منطقتان في العالم
    [few] مناطق في العالم
    [many] منطقةً في العالم
   *[other] منطقة في العالم
}
members-found = { PLURAL($count) ->
    [zero] لم يُعثر على أي دولة
    [one] عُثر على دولة واحدة
    [two] عُثر على دولتين
    [few] عُثر على { $count } دول
    [many] عُثر على { $count } دولة
   *[other] عُثر على { $count } دولة
}
institutions-found = { PLURAL($count) ->
    [zero] لم يُعثر على أي مؤسسة
    [one] عُثر على مؤسسة واحدة
    [two] عُثر على مؤسستين
    [few] عُثر على { $count } مؤسسات
    [many] عُثر على { $count } مؤسسة
   *[other] عُثر على { $count } مؤسسة
}
page-number = الصفحة { $count }

members-title = الدول الأعضاء
filters = عوامل التصفية
search-name = الاسم أو الرمز
any = الكل
yes = نعم
no = لا
apply-filters = تطبيق
pagination = الصفحات
page-prev = الصفحة السابقة
page-next = الصفحة التالية
none-yet = لا يوجد شيء بعد.
names-in-six = الأسماء باللغات الست للأمم المتحدة
delegates = المندوبون
global-south-derived = مستمد من فئة الدخل
global-south-unknown = غير معروف (فئة الدخل غير مصنفة)
actions = الإجراءات
edit = تعديل
delete = حذف
save = حفظ

field-name = الاسم
field-code = الرمز
field-region = المنطقة
field-income-group = فئة الدخل
field-global-south = الجنوب العالمي
field-status = الوضع
field-since = منذ
field-un-member = دولة عضو في الأمم المتحدة
field-kind = النوع
field-country = البلد
field-website = الموقع الإلكتروني
field-registered = تاريخ التسجيل
field-username = اسم المستخدم
field-password = كلمة المرور
field-email = البريد الإلكتروني
field-display-name = الاسم المعروض
field-language = اللغة
field-roles = الأدوار
field-role = الدور
field-scope = النطاق
field-scope-hint = النطاق (رمز البلد للمندوب، ومعرّف المؤسسة لممثلها)
field-current-password = كلمة المرور الحالية
field-new-password = كلمة المرور الجديدة
field-token-name = اسم الرمز المميز
field-token-days = مدة الصلاحية (بالأيام)
field-expires = تاريخ الانتهاء

status-member = عضو
status-observer = مراقب
status-suspended = عضوية معلّقة
status-none = غير عضو

income-low = دخل منخفض
income-lower-middle = دخل متوسط من الشريحة الدنيا
income-upper-middle = دخل متوسط من الشريحة العليا
income-high = دخل مرتفع
income-unclassified = غير مصنّف

kind-government-agency = جهة حكومية
kind-university = جامعة
kind-research-institute = معهد بحوث
kind-company = شركة
kind-ngo = منظمة غير حكومية
kind-standards-body = هيئة تقييس

role-secretariat-admin = مسؤول إدارة الأمانة
role-delegate = مندوب دولة عضو
role-institution-rep = ممثل مؤسسة
role-researcher = باحث

region-0 = —
region-2 = أفريقيا
region-19 = الأمريكتان
region-142 = آسيا
region-150 = أوروبا
region-9 = أوقيانوسيا
region-10 = أنتاركتيكا
region-15 = شمال أفريقيا
region-202 = أفريقيا جنوب الصحراء الكبرى
region-419 = أمريكا اللاتينية ومنطقة البحر الكاريبي
region-21 = أمريكا الشمالية
region-143 = آسيا الوسطى
region-30 = شرق آسيا
region-35 = جنوب شرق آسيا
region-34 = جنوب آسيا
region-145 = غرب آسيا
region-151 = أوروبا الشرقية
region-154 = أوروبا الشمالية
region-39 = أوروبا الجنوبية
region-155 = أوروبا الغربية
region-53 = أستراليا ونيوزيلندا
region-54 = ميلانيزيا
region-57 = ميكرونيزيا
region-61 = بولينيزيا

institutions-title = المؤسسات
institution-new = تسجيل مؤسسة
institution-edit = تعديل المؤسسة

signin-title = تسجيل الدخول
signin-button = دخول
account-title = حسابك
account-profile = الملف الشخصي
account-password = كلمة المرور
account-change-password = تغيير كلمة المرور
account-tokens = رموز API المميزة
token-create = إنشاء رمز مميز
token-shown-once = انسخ هذا الرمز المميز الآن: لن يُعرض مرة أخرى.
token-revoke = إلغاء
token-revoked = ملغى
token-active = نشط
scope-read = قراءة فقط
scope-write = قراءة وكتابة
notice-saved = تم الحفظ.

admin-title = الأمانة
admin-memberships = عضوية الدول
admin-new-user = مستخدم جديد
admin-create-user = إنشاء المستخدم
admin-users = المستخدمون
admin-grant = منح دور
admin-revoke = سحب
admin-reset-password = تعيين كلمة المرور

api-docs-title = مرجع API
api-docs-lead = واجهة JSON API لهذه العقدة. ووصفها القابل للقراءة آليًا هو مستند OpenAPI 3.1 على العنوان
api-docs-auth = تتطلب المسارات التي تغيّر البيانات رمز API مميزًا من صفحة حسابك، يُرسَل بالصيغة
api-needs-token = رمز مميز
api-parameter = المعلمة
api-in = الموضع
api-description = الوصف
api-body = نص الطلب

form-has-errors = يُرجى تصحيح الحقول المشار إليها أدناه.
err-required = هذا الحقل مطلوب.
err-length = هذه القيمة قصيرة جدًا أو طويلة جدًا.
err-control-chars = لا يُسمح بأحرف التحكم.
err-invalid-choice = اختر إحدى القيم المدرجة.
err-invalid-date = أدخل التاريخ بالصيغة YYYY-MM-DD.
err-invalid-url = أدخل عنوان ويب يبدأ بـ https:// أو http://.
err-invalid-email = أدخل عنوان بريد إلكتروني صالحًا.
err-username-chars = استخدم من 3 إلى 32 رمزًا من الأحرف اللاتينية الصغيرة أو الأرقام أو النقاط أو الشرطات أو الشرطات السفلية، على أن يبدأ الاسم بحرف.
err-password-length = يجب أن تتكون كلمة المرور من 10 إلى 256 حرفًا.
err-unknown-country = هذا ليس رمز بلد معروفًا وفق ISO 3166-1.
err-unknown-institution = لا توجد مؤسسة بهذا المعرّف.
err-scope-country = يحتاج المندوب إلى رمز الدولة التي يمثلها.
err-scope-institution = يحتاج الممثل إلى معرّف مؤسسته.
err-taken = هذه القيمة مستخدمة بالفعل.
err-token-days = اختر مدة صلاحية بين يوم واحد والحد الأقصى المسموح به في العقدة.
err-wrong-password = كلمة المرور الحالية غير صحيحة.
err-csrf = انتهت صلاحية هذا النموذج. يُرجى إرساله مرة أخرى.
err-signin-missing = أدخل اسم المستخدم وكلمة المرور.
err-signin-failed = اسم المستخدم أو كلمة المرور غير صحيحة.
err-signin-throttled = محاولات دخول كثيرة جدًا من هنا. انتظر بضع دقائق ثم حاول مجددًا.
notice-password-changed = تم تغيير كلمة المرور. انتهت كل جلساتك وأُلغيت رموز واجهة البرمجة الخاصة بك؛ سجّل الدخول مجددًا.
notice-password-reset = تم تعيين كلمة المرور. انتهت جلسات المستخدم وأُلغيت رموز واجهة البرمجة الخاصة به.
err-not-local-path = يجب أن يكون هذا مسارًا على هذه العقدة.
err-link-scheme = يجب أن يبدأ الرابط بـ https:// أو http:// أو mailto:.
err-invalid-json = نص الطلب لا يطابق الحقول المتوقعة.
err-invalid-query = إحدى معلمات الاستعلام غير صالحة.
err-range = القيمة خارج النطاق المسموح به.
err-ledger-builtin-kind = لا تُكتب سجلات هذا النوع إلا بالعملية التي تتخذ القرار؛ أرسل سجلاً عاماً.

error-home-link = الانتقال إلى الصفحة الرئيسية
error-404-title = الصفحة غير موجودة
error-404-text = لا يوجد شيء على هذا العنوان. ربما نُقلت الصفحة، أو ربما كان الرابط خاطئًا.
error-403-title = غير مسموح
error-403-text = لا يملك حسابك الدور اللازم لهذا الإجراء.
error-413-title = الحجم كبير جدًا
error-413-text = ما أرسلته أكبر مما يقبله هذا الخادم.
error-400-title = تعذّر فهم الطلب
error-400-text = لم يتمكن الخادم من فهم هذا الطلب. يُرجى التحقق منه والمحاولة مرة أخرى.
error-500-title = حدث خطأ ما
error-500-text = واجه الخادم مشكلة غير متوقعة، ولم يكتمل الطلب؛ يُرجى المحاولة مرة أخرى لاحقًا.

## Framework & assessment
nav-frameworks = الأطر
nav-systems = أنظمة الذكاء الاصطناعي
fw-title = الأطر التنظيمية
fw-intro = قواعد الذكاء الاصطناعي الوطنية والدولية في صورة أشجار متطلبات مرقّمة الإصدارات وقابلة للقراءة آلياً، وكل منها مربوط بالفهرس الموحّد للضوابط.
fw-col-name = الاسم
fw-col-jurisdiction = الولاية القضائية
fw-col-version = الإصدار
fw-col-requirements = المتطلبات
fw-col-status = الحالة
fw-col-rules = القواعد
fw-controls-title = الفهرس الموحّد للضوابط
fw-controls-intro = الإطار المشترك للمنظمة: مجموعة واحدة من الضوابط تُربط بها المتطلبات الوطنية.
fw-mapped-requirements = متطلبات وطنية
fw-maps-to = يقابل
fw-official-text = النص الرسمي
fw-export = تصدير
fw-packs-title = حزم قواعد الولايات القضائية
fw-packs-intro = قواعد الانطباق لكل ولاية قضائية، مع فئات المخاطر والالتزامات الناتجة عنها.
fw-relationship = العلاقة
fw-satisfies = المتطلبات الوطنية التي يستوفيها هذا الضابط
fw-upload = تحميل وثيقة
fw-upload-intro = الصق إطاراً أو مكتبة CISO Assistant (إطاراً أو مجموعة مقابلات) أو جدول مقابلة أو حزمة قواعد بصيغة YAML. تُفحص الوثيقة كاملة، وإن وُجد أي خطأ فلن يتغير شيء.
fw-upload-kind = نوع الوثيقة
fw-upload-file-name = اسم الملف (لرسائل الخطأ)
fw-upload-source = YAML
fw-upload-rejected = رُفضت الوثيقة ولم يتغير شيء. المشكلات المكتشفة (الملف:السطر: السبب):
fw-kind-framework = إطار (YAML الخاص بالمنظمة)
fw-kind-ciso-assistant = إطار (مكتبة CISO Assistant)
fw-kind-crosswalk = جدول مقابلة
fw-kind-rulepack = حزمة قواعد
fw-status-in-force = نافذ
fw-status-adopted-not-yet-applicable = معتمد، لم يُطبَّق بعد
fw-status-draft = مشروع
fw-status-voluntary = طوعي
fw-status-repealed = ملغى
sys-title = أنظمة الذكاء الاصطناعي
sys-intro = أنظمة الذكاء الاصطناعي المسجّلة، ويُقيَّم كل منها وفق جميع الولايات القضائية دفعة واحدة.
sys-new = تسجيل نظام ذكاء اصطناعي
sys-updated = آخر تحديث
sys-field-id = المعرّف (أحرف لاتينية صغيرة وأرقام و-)
sys-field-name = الاسم
sys-field-description = الوصف
sys-field-provider = المزوّد
sys-field-jurisdictions = ولايات النشر القضائية (رموز مثل EU وCN وUS-CO وBR)
sys-field-purposes = الأغراض
sys-field-capabilities = القدرات
sys-field-affected = الأشخاص المتأثرون
sys-field-public-facing = متاح للجمهور
sys-field-gpai = نموذج ذكاء اصطناعي للأغراض العامة
sys-field-users = عدد المستخدمين
sys-field-compute = حوسبة التدريب (FLOP، مثل 3e25)
sys-field-licence = رخصة المصدر المفتوح
sys-field-institution = المؤسسة
sys-field-yaml = أو الصق الملف الكامل بصيغة YAML (يحل محل الحقول أعلاه)
sys-register = تسجيل وتقييم
sys-err-id = استخدم من 1 إلى 80 حرفاً لاتينياً صغيراً أو رقماً أو نقطة أو شرطة أو شرطة سفلية.
sys-err-jurisdictions = أدخل رموزاً مثل EU أو CN أو BR أو US-CO مفصولة بفواصل.
sys-err-number = أدخل عدداً غير سالب.
sys-err-profile = في الملف أخطاء (الملف:السطر: السبب):
sys-profile = الملف التعريفي
sys-assess = إعادة التقييم
sys-no-assessment = لم يُقيَّم هذا النظام بعد.
sys-report = تقرير التقييم
sys-formats = تنزيل
sys-packs-used = حزم القواعد المستخدمة
sys-applies = الانطباق
sys-applies-yes = نعم
sys-applies-no = لا
sys-risk-class = فئة المخاطر
sys-obligations = الالتزامات
sys-col-citation = الاستشهاد
sys-col-requirement = المتطلب
sys-col-bearer = يتحمّلها
sys-col-from = تُطبَّق اعتباراً من
sys-col-deadline = المهلة
sys-non-binding = غير ملزم
sys-status-met = مستوفى
sys-status-missing = غير مستوفى
sys-status-unknown = غير معروف
sys-provenance = القواعد التي انطبقت وحقول الملف التي قرأتها
sys-undetermined = غير محسوم، حقول ناقصة
sys-unified = العرض الموحّد
sys-unified-intro = أصغر مجموعة من الضوابط الموحّدة تغطي كل الالتزامات في كل الولايات القضائية: دليل واحد يخدم عدة بلدان.
sys-uncovered = غير مغطاة
sys-evidence = الأدلة
sys-discharges = الالتزامات المستوفاة
sys-divergences = الاختلافات بين الولايات القضائية
sys-imposed-by = تفرضه
sys-not-imposed-by = لا تفرضه
sys-strictest = الأشد صرامة
## Ledger
nav-ledger = السجل
ledger-title = سجل الحوكمة
ledger-intro = يُدوَّن كل قرار من قرارات الحوكمة في هذا السجل العام الذي لا يقبل إلا الإضافة. ويمكن لأي شخص أن يتحقق من أن أي مدخل لم يُغيَّر أو يُحذف أو يُعَد ترتيبه.
ledger-checkpoint = آخر نقطة تحقق موقَّعة
ledger-origin = مصدر السجل
ledger-tree-size = حجم الشجرة
ledger-root = تجزئة الجذر
ledger-public-key = المفتاح العام لهذه العقدة
ledger-witnesses = الشهود
ledger-no-witnesses = لم يوقّع أي شاهد على نقطة التحقق هذه بعد.
ledger-note = الملاحظة الموقَّعة
ledger-verify-cli = تحقق من السجل كله بصورة مستقلة، بالمفتاح الذي ثبّتّه:
ledger-entries = المدخلات
ledger-kind = النوع
ledger-no-entries = لا توجد مدخلات.
ledger-index = الرقم
ledger-time = الوقت
ledger-actor = الجهة الفاعلة
ledger-subject = الموضوع
ledger-about = القيود المتعلقة بـ
ledger-all-subjects = كل القيود
ledger-subject-entries = قيوده
ledger-newest = أحدث المدخلات
ledger-older = مدخلات أقدم
ledger-entry = المدخل
ledger-back = كل مدخلات السجل
ledger-leaf-hash = تجزئة الورقة
ledger-record = السجل المدوَّن
ledger-canonical = البايتات القانونية (RFC 8785)
ledger-proof = إثبات التضمين
ledger-proof-none = لم تشمل أي نقطة تحقق موقَّعة هذا المدخل بعد. عُد بعد بضع ثوانٍ.
ledger-verify-button = تحقق في متصفحك
ledger-verify-ok = تم التحقق: هذا القيد مُضمَّن في نقطة تحقق موقَّعة بالمفتاح الذي ثبّتّه، وهذه النقطة تمتد من كل نقطة رآها هذا المتصفح من قبل.
ledger-check = افحص هذا السجل في متصفحك
ledger-check-ok = تم التحقق: آخر نقطة تحقق موقَّعة بالمفتاح الذي ثبّتّه وتمتد من كل نقطة تحقق رآها هذا المتصفح من قبل.
ledger-check-bad = لم يتم التحقق:
ledger-check-running = جارٍ الفحص…
ledger-check-none = لا شيء
ledger-pin-howto = يفحص متصفحك هذا السجل بمفتاح تثبّته أنت، لا بما يقوله هذا الخادم. احصل على مفتاح السجل من مصدر تثق به غير هذه الصفحة (إعلان الأمانة، أو عضو آخر، أو المشغّل الذي يشغّل «waico ledger key»)، والصقه أدناه واضغط «ثبّت هذا المفتاح». يحتفظ المتصفح بالمفتاح وبآخر نقطة تحقق رآها، ومن ثم يقول «لم يتم التحقق» إذا وُقّع السجل بمفتاح آخر أو صغر أو أعاد كتابة تاريخه.
ledger-pinned-key = المفتاح المثبّت في هذا المتصفح
ledger-seen-size = حجم آخر نقطة تحقق رآها هذا المتصفح
ledger-pin-label = مفتاح السجل (الاسم+المعرّف+المفتاح)
ledger-pin-button = ثبّت هذا المفتاح
ledger-why-nokey = لم يُثبَّت أي مفتاح في هذا المتصفح بعد. الصق مفتاح السجل من مصدر تثق به.
ledger-why-badkey = المفتاح المثبّت ليس مفتاح سجل صالحًا.
ledger-why-signature = نقطة التحقق غير موقَّعة بالمفتاح الذي ثبّتّه. ربما استُبدل مفتاح السجل.
ledger-why-rollback = السجل أصغر من نقطة تحقق رآها هذا المتصفح من قبل: لقد أُعيد إلى الوراء.
ledger-why-fork = نقطة التحقق هذه لا تمتد من التي رآها هذا المتصفح من قبل: لقد تفرّع السجل أو أعاد كتابة تاريخه.
ledger-why-entry = القيد أو إثباته لا يؤدي إلى جذر نقطة التحقق الموقَّعة.
ledger-why-fetch = تعذّر جلب نقطة التحقق أو أحد الإثباتات.
ledger-why-otherkey = المفتاح في هذا الرابط يختلف عن المفتاح المثبّت في هذا المتصفح، لذا لم يُثبَّت.
ledger-verify-nojs = يتطلب التحقق في المتصفح JavaScript وصفحة آمنة (HTTPS أو localhost).
ledger-kind-member-admitted = قبول عضو
ledger-kind-member-status-changed = تغيير وضع عضو
ledger-kind-framework-version-adopted = اعتماد إصدار من الإطار
ledger-kind-rulepack-version-adopted = اعتماد إصدار من حزمة القواعد
ledger-kind-commons-release-published = نشر إصدار من الموارد المشتركة
ledger-kind-generic = قرار آخر
ledger-generic-crosswalk-adopted = اعتُمد جدول التقابل
ledger-generic-capacity-rules-adopted = اعتُمدت قواعد القدرات
ledger-generic-capacity-round-published = نُشرت جولة القدرات
ledger-generic-capacity-round-closed = أُغلقت جولة القدرات
ledger-generic-capacity-match-published = نُشرت مطابقة القدرات
ledger-generic-safety-report-committed = التُزم بتقرير السلامة
ledger-generic-safety-report-published = نُشر تقرير السلامة
ledger-generic-deliberation-decision = قرار مداولة
## Commons
nav-commons = المشاع
commons-title = المشاع
commons-lead = نماذج ومجموعات بيانات وأدوات مفتوحة يتشاركها الأعضاء. نزّلها بالأدوات التي تستخدمها بالفعل، ومنها عملاء Hugging Face.
commons-search = ابحث في المشاع
commons-search-placeholder = كلمات بأي لغة
commons-results-label = المستودعات:
commons-no-results = لا يوجد مستودع مطابق.
commons-newest = الأحدث
commons-popular = الأكثر تنزيلًا
commons-by-task = حسب المهمة
commons-by-language = حسب اللغة
commons-kind-model = نموذج
commons-kind-dataset = مجموعة بيانات
commons-kind-tool = أداة
commons-downloads = التنزيلات
commons-downloads-by-day = التنزيلات اليومية
commons-updated = آخر تحديث
commons-gated = وصول مقيَّد
commons-facet-kind = النوع
commons-facet-task = المهمة
commons-facet-license = الترخيص
commons-facet-language = اللغة
commons-facet-owner = المالك
commons-facet-owner-country = بلد المالك
commons-facet-region = المنطقة
commons-facet-global-south = الجنوب العالمي
commons-gs-yes = الجنوب العالمي
commons-gs-no = غير ذلك
commons-gs-unknown = غير مصنف
commons-sort = الترتيب حسب
commons-sort-relevance = الصلة
commons-sort-downloads = التنزيلات
commons-sort-recent = المحدَّثة مؤخرًا
commons-metadata = بيانات البطاقة الوصفية
commons-license = الترخيص
commons-task = المهمة
commons-library = المكتبة
commons-languages = اللغات
commons-tags = الوسوم
commons-datasets = مجموعات البيانات
commons-base-model = النموذج الأساسي
commons-visibility-public = عام
commons-visibility-gated = وصول مقيَّد
commons-visibility-members_only = للأعضاء فقط
commons-card-problems = مشكلات في البطاقة (تظهر لك وحدك):
commons-line = السطر
commons-empty-repo = لا يحتوي هذا المستودع على ملفات بعد.
commons-files = الملفات
commons-file = الملف
commons-size = الحجم
commons-download = تنزيل
commons-use-hf = باستخدام عميل Hugging Face:
commons-history = السجل
commons-commit = الإيداع
commons-message = الرسالة
commons-author = المؤلف
commons-date = التاريخ
commons-history-all = السجل الكامل
commons-history-from = فرع أو وسم أو إيداع
commons-history-show = عرض
commons-history-empty = لا توجد إيداعات بعد.
commons-history-older = إيداعات أقدم
commons-history-newest = أحدث الإيداعات
commons-files-changed = الملفات المعدّلة
commons-refs = الفروع والوسوم
commons-ref-branch = فرع
commons-ref-tag = وسم
commons-access-title = طلب الوصول
commons-access-signin = ملفات هذا المستودع مقيَّدة الوصول: سجّل الدخول لطلب الوصول.
commons-access-reason = السبب
commons-access-submit = إرسال الطلب
commons-access-pending = طلبك بانتظار قرار المالك.
commons-access-approved = تم منح الوصول.
commons-access-rejected = رُفض طلبك.
commons-requests-title = طلبات الوصول
commons-requests-none = لا توجد طلبات بعد.
commons-approve = موافقة
commons-reject = رفض
commons-decision-reason = سبب القرار
commons-user = المستخدم
commons-status = الحالة
commons-owner-repos = المستودعات
commons-owner-kind-state = دولة عضو
commons-owner-kind-institution = مؤسسة
commons-owner-kind-person = شخص
err-commons-owner = مالك غير معروف: استخدم رمز دولة عضو أو الاسم المختصر لمؤسسة أو اسم مستخدم.
err-commons-kind = اختر نموذجًا أو مجموعة بيانات أو أداة.
err-commons-name = استخدم حروفًا أو أرقامًا أو «.» أو «_» أو «-» (96 على الأكثر)، دون البدء برمز.
err-commons-visibility = اختر عامًا أو مقيَّد الوصول أو للأعضاء فقط.
err-commons-sha256 = يُتوقع 64 رقمًا سداسيًا عشريًا.
err-commons-size-mismatch = لا يطابق المحتوى الحجم المعلن؛ لم يُحفظ شيء.
err-commons-hash-mismatch = لا يطابق المحتوى قيمة SHA-256 المعلنة؛ لم يُحفظ شيء.
err-commons-revision = فرع أو وسم أو إيداع غير صالح.
err-commons-reason = اذكر سببًا لا يتجاوز 2000 حرف.

## Values of closed lists (waico_framework::labels), report wording
purpose-biometrics = القياسات الحيوية
purpose-critical-infrastructure = البنية التحتية الحيوية
purpose-education = التعليم والتدريب المهني
purpose-employment = التوظيف وإدارة العاملين
purpose-essential-services-credit = الجدارة الائتمانية والتصنيف الائتماني
purpose-essential-services-insurance = تقييم المخاطر والتسعير في التأمين على الحياة والتأمين الصحي
purpose-public-benefits = استحقاق المساعدات والخدمات العامة
purpose-emergency-dispatch = مكالمات الطوارئ والإرسال والفرز
purpose-law-enforcement = إنفاذ القانون
purpose-migration-border = الهجرة واللجوء ومراقبة الحدود
purpose-justice-democracy = إقامة العدل وتسوية المنازعات
purpose-elections = الانتخابات والاستفتاءات
purpose-medical = الطب والرعاية الصحية
purpose-housing = الإسكان
purpose-legal-services = الخدمات القانونية
purpose-content-generation = توليد المحتوى
purpose-chatbot = روبوت محادثة
purpose-recommendation = التوصيات
purpose-search = البحث عن المعلومات
purpose-translation = الترجمة
purpose-software-development = تطوير البرمجيات
purpose-customer-service = خدمة العملاء
purpose-marketing = التسويق
purpose-safety = السلامة
purpose-research = البحث العلمي
purpose-general-purpose = أغراض عامة
purpose-other = غير ذلك
capability-interacts-with-people = يتفاعل مع الأشخاص
capability-generates-synthetic-content = يولّد محتوى اصطناعياً
capability-deepfake = التزييف العميق
capability-public-interest-text = نصوص تُنشر لإعلام الجمهور بشؤون المصلحة العامة
capability-emotion-recognition = التعرّف على المشاعر
capability-biometric-identification-remote = تحديد الهوية البيومتري عن بُعد
capability-biometric-identification-realtime = تحديد الهوية البيومتري في الوقت الفعلي
capability-biometric-categorisation = التصنيف البيومتري
capability-biometric-categorisation-sensitive = تصنيف بيومتري يستنتج سمات حساسة
capability-profiling = التنميط
capability-social-scoring = التقييم الاجتماعي
capability-subliminal-manipulation = التلاعب اللاشعوري
capability-exploits-vulnerabilities = استغلال مواطن الضعف
capability-untargeted-facial-scraping = الجمع غير الموجَّه لصور الوجوه
capability-crime-prediction-profiling = التنبؤ بالجرائم بناءً على التنميط
capability-automated-decisions = اتخاذ قرارات آلية
capability-recommendation = تقديم التوصيات
capability-autonomous-weapons = وظائف الأسلحة الذاتية التشغيل
capability-csam-generation = قد ينتج مواد الاعتداء الجنسي على الأطفال
capability-biometric-editing = تحرير المعلومات البيومترية كالوجوه والأصوات
affected-general-public = عامة الناس
affected-consumers = المستهلكون
affected-employees = الموظفون
affected-job-applicants = المتقدمون للوظائف
affected-students = الطلاب
affected-children = الأطفال
affected-patients = المرضى
affected-migrants = المهاجرون وطالبو اللجوء
affected-suspects = المشتبه بهم
affected-benefit-claimants = طالبو الإعانات
affected-borrowers = المقترضون
affected-voters = الناخبون
modality-text = نص
modality-image = صورة
modality-audio = صوت
modality-video = فيديو
modality-tabular = بيانات جدولية
modality-code = شيفرة برمجية
modality-biometric = بيانات بيومترية
modality-virtual-scene = مشاهد افتراضية
context-workplace = مكان العمل
context-education-institution = مؤسسة تعليمية
context-publicly-accessible-space = مكان متاح للجمهور
context-law-enforcement-operation = عملية لإنفاذ القانون
context-border = الحدود
context-healthcare = الرعاية الصحية
context-online = عبر الإنترنت
context-internal = استخدام داخلي
art63-narrow-procedural-task = مهمة إجرائية محدودة
art63-improves-prior-human-activity = تحسين نتيجة نشاط بشري سابق
art63-detects-decision-patterns = كشف أنماط اتخاذ القرار دون أن يحل محل التقييم البشري
art63-preparatory-task = مهمة تحضيرية
rbi-targeted-victim-search = البحث الموجَّه عن الضحايا والمفقودين
rbi-imminent-threat-prevention = منع تهديد وشيك للحياة أو هجوم إرهابي
rbi-serious-crime-suspect = تحديد مكان مشتبه به في جريمة خطيرة
profile-role-provider = المورِّد
profile-role-deployer = الجهة المشغِّلة
bearer-provider = المورِّد
bearer-deployer = الجهة المشغِّلة
bearer-both = المورِّد والجهة المشغِّلة
model-source-commons = مشاعات WAICO
model-source-external = خارجي
evidence-implemented = منفَّذ
evidence-partial = منفَّذ جزئياً
evidence-planned = مخطَّط له
relationship-equal = مكافئ
relationship-subset = مجموعة جزئية
relationship-superset = مجموعة شاملة
relationship-intersects = تقاطع جزئي
risk-class-prohibited = ممارسة محظورة
risk-class-excessive = مخاطر مفرطة
risk-class-high = عالي المخاطر
risk-class-high-risk = عالي المخاطر
risk-class-not-high-risk = ليس عالي المخاطر
risk-class-covered-admt = تقنية قرار مؤتمت مشمولة (قرارات جوهرية)
risk-class-not-covered = تقنية قرار مؤتمت غير مشمولة
risk-class-gpai = نموذج ذكاء اصطناعي للأغراض العامة
risk-class-gpai-systemic = نموذج للأغراض العامة ينطوي على مخاطر نظامية
risk-class-limited = مخاطر محدودة
risk-class-minimal = مخاطر ضئيلة
risk-class-in-scope = ضمن النطاق
risk-class-out-of-scope = خارج النطاق
risk-class-filing-required = يتطلب الإيداع والتسجيل
risk-class-voluntary = طوعي
sys-field-modalities = أنماط البيانات
sys-field-contexts = سياقات الاستخدام
sys-err-institution = لا يمكنك تسجيل أنظمة لهذه المؤسسة. اختر مؤسسة من القائمة.
sys-institution-none = لا شيء (التسجيل باسمي)
sys-field-model = النموذج الأساسي (مستودع نموذج في المشاعات بصيغة المالك/الاسم، أو اسم نموذج خارجي)
sys-field-model-external = النموذج الأساسي خارجي (ليس في مشاعات هذه العقدة)
sys-err-model-unknown = لا يوجد مستودع نموذج بهذا الاسم في مشاعات هذه العقدة. أدخل مستودعًا موجودًا بصيغة المالك/الاسم، أو حدّد النموذج على أنه خارجي.
sys-model = النموذج الأساسي
report-assessed-on = تاريخ التقييم
report-catalog-version = إصدار الفهرس الموحّد
report-not-applicable = لا ينطبق.
report-rule = القاعدة
report-read = الحقول المقروءة
report-not-set = غير محدد
report-controls = الضوابط
report-unified-controls = الضوابط الموحّدة
sys-days = { PLURAL($count) ->
    [zero] لا أيام
    [one] يوم واحد
    [two] يومان
    [few] { $count } أيام
    [many] { $count } يومًا
   *[other] { $count } يوم
}
sys-working-days = { PLURAL($count) ->
    [zero] لا أيام عمل
    [one] يوم عمل واحد
    [two] يوما عمل
    [few] { $count } أيام عمل
    [many] { $count } يوم عمل
   *[other] { $count } يوم عمل
}
err-revoke-own-admin = لا يمكنك سحب دورك في الأمانة بنفسك؛ يجب أن يقوم بذلك مسؤول آخر في الأمانة.
err-not-gated = هذا المستودع غير مقيَّد الوصول: لا يوجد وصول لطلبه.
field-institution = المؤسسة

## Names of languages (CLDR) and of tasks (Hugging Face pipeline tags), read by
## waico_i18n::names: language-<lower-case BCP 47 tag>, task-<pipeline tag>
language-ar = العربية
language-zh = الصينية
language-zh-hans = الصينية المبسطة
language-zh-hant = الصينية التقليدية
language-yue = الكانتونية
language-en = الإنجليزية
language-fr = الفرنسية
language-ru = الروسية
language-es = الإسبانية
language-sw = السواحيلية
language-am = الأمهرية
language-ha = الهوسا
language-yo = اليوروبا
language-ig = الإيجبو
language-zu = الزولو
language-xh = الخوسا
language-af = الأفريقانية
language-rw = الكينيارواندا
language-so = الصومالية
language-om = الأورومية
language-ti = التغرينية
language-wo = الولوفية
language-ln = اللينجالا
language-mg = الملغاشي
language-sn = الشونا
language-ff = الفولانية
language-ak = الأكانية
language-lg = الغاندا
language-ny = النيانجا
language-st = السوتو الجنوبية
language-tn = التسوانية
language-bm = البامبارا
language-hi = الهندية
language-bn = البنغالية
language-ur = الأوردية
language-pa = البنجابية
language-ta = التاميلية
language-te = التيلوغوية
language-mr = الماراثية
language-gu = الغوجاراتية
language-kn = الكانادا
language-ml = المالايالامية
language-ne = النيبالية
language-si = السنهالية
language-id = الإندونيسية
language-ms = الماليزية
language-jv = الجاوية
language-vi = الفيتنامية
language-th = التايلاندية
language-lo = اللاوية
language-tl = التاغالوغية
language-fil = الفلبينية
language-my = البورمية
language-km = الخميرية
language-fa = الفارسية
language-ps = البشتو
language-ku = الكردية
language-tr = التركية
language-kk = الكازاخستانية
language-uz = الأوزبكية
language-ky = القيرغيزية
language-tg = الطاجيكية
language-tk = التركمانية
language-mn = المنغولية
language-az = الأذربيجانية
language-ka = الجورجية
language-hy = الأرمنية
language-he = العبرية
language-pt = البرتغالية
language-de = الألمانية
language-it = الإيطالية
language-nl = الهولندية
language-pl = البولندية
language-uk = الأوكرانية
language-ja = اليابانية
language-ko = الكورية
language-qu = الكويتشوا
language-gn = الغوارانية
language-ay = الأيمارا
language-ht = الكريولية الهايتية
language-multilingual = لغات متعددة
language-code = شيفرة مصدرية
task-text-classification = تصنيف النصوص
task-token-classification = تصنيف الرموز
task-table-question-answering = الإجابة عن الأسئلة من الجداول
task-question-answering = الإجابة عن الأسئلة
task-zero-shot-classification = التصنيف دون أمثلة مسبقة
task-translation = الترجمة
task-summarization = التلخيص
task-feature-extraction = استخراج السمات
task-text-generation = توليد النصوص
task-text2text-generation = توليد نص من نص
task-fill-mask = ملء القناع
task-sentence-similarity = تشابه الجمل
task-text-ranking = ترتيب النصوص
task-text-retrieval = استرجاع النصوص
task-text-to-speech = تحويل النص إلى كلام
task-text-to-audio = تحويل النص إلى صوت
task-automatic-speech-recognition = التعرف التلقائي على الكلام
task-audio-to-audio = تحويل صوت إلى صوت
task-audio-classification = تصنيف الصوت
task-audio-text-to-text = صوت ونص إلى نص
task-voice-activity-detection = كشف النشاط الصوتي
task-depth-estimation = تقدير العمق
task-image-classification = تصنيف الصور
task-object-detection = كشف الأجسام
task-image-segmentation = تجزئة الصور
task-text-to-image = تحويل النص إلى صورة
task-image-to-text = تحويل الصورة إلى نص
task-image-to-image = تحويل صورة إلى صورة
task-image-to-video = تحويل الصورة إلى فيديو
task-unconditional-image-generation = توليد الصور غير المشروط
task-video-classification = تصنيف الفيديو
task-reinforcement-learning = التعلم المعزز
task-robotics = الروبوتات
task-tabular-classification = تصنيف البيانات الجدولية
task-tabular-regression = الانحدار على البيانات الجدولية
task-tabular-to-text = تحويل البيانات الجدولية إلى نص
task-table-to-text = تحويل الجدول إلى نص
task-multiple-choice = الاختيار من متعدد
task-time-series-forecasting = التنبؤ بالسلاسل الزمنية
task-text-to-video = تحويل النص إلى فيديو
task-image-text-to-text = صورة ونص إلى نص
task-visual-question-answering = الإجابة عن الأسئلة المرئية
task-document-question-answering = الإجابة عن الأسئلة من المستندات
task-zero-shot-image-classification = تصنيف الصور دون أمثلة مسبقة
task-graph-ml = تعلم الآلة على الرسوم البيانية
task-mask-generation = توليد الأقنعة
task-zero-shot-object-detection = كشف الأجسام دون أمثلة مسبقة
task-text-to-3d = تحويل النص إلى نموذج ثلاثي الأبعاد
task-image-to-3d = تحويل الصورة إلى نموذج ثلاثي الأبعاد
task-image-feature-extraction = استخراج سمات الصور
task-video-text-to-text = فيديو ونص إلى نص
task-keypoint-detection = كشف النقاط الرئيسية
task-visual-document-retrieval = الاسترجاع المرئي للمستندات
task-any-to-any = من أي وسيط إلى أي وسيط
task-video-to-video = تحويل فيديو إلى فيديو
task-other = أخرى
chart-desc = { $count } قيم، من { $first } إلى { $last }؛ أعلاها { $max } ({ $maxlabel }).
chart-empty = لا توجد بيانات بعد.

## Framework (issue 10): actors, Art. 2 exclusions, prohibitions, due dates, work status
profile-role-importer = المستورد
profile-role-distributor = الموزع
profile-role-authorised-representative = الممثل المفوض
profile-role-product-manufacturer = الشركة المصنعة للمنتج
bearer-importer = المستورد
bearer-distributor = الموزع
bearer-authorised-representative = الممثل المفوض
purpose-financial-fraud-detection = كشف الاحتيال المالي
capability-biometric-categorisation-protected = التصنيف البيومتري حسب سمات حساسة أو محمية
art2-military-defence = لأغراض عسكرية أو دفاعية أو للأمن الوطني حصرًا (المادة 2(3))
art2-scientific-research = لغرض البحث والتطوير العلمي وحده (المادة 2(6))
art2-personal-non-professional = استخدام شخصي بحت غير مهني (المادة 2(10))
art2-free-open-source = ترخيص حر ومفتوح المصدر (المادة 2(12))
sys-status-not-yet-applicable = لا ينطبق بعد
sys-status-prohibited = محظور
work-status-not-yet-applicable = لا ينطبق بعد
work-status-to-do = للإنجاز
work-status-in-progress = قيد التنفيذ
work-status-done = منجز
work-status-reviewed = تمت مراجعته
report-col-due = تاريخ الاستحقاق
report-prohibited = الممارسات المحظورة
report-prohibited-intro = لا يجوز طرح النظام في السوق أو تشغيله أو استخدامه حيث ينطبق الحظر:
report-prohibited-for = على
report-since = منذ
report-prohibited-others = في تلك الولايات القضائية، لا تنطبق الالتزامات الأخرى أدناه إلا إذا أُزيلت الممارسة.
report-if-removed = ينطبق إذا أُزيلت الممارسة
err-invalid-archive = المحتوى ليس أرشيف ‎.tar‎ أو ‎.tar.gz‎ قابلًا للقراءة.
