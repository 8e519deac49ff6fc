## ar: the accounts part's messages.
accounts-err-deactivate-self = لا يمكنك تعطيل حسابك بنفسك؛ يجب أن يقوم بذلك مسؤول آخر في الأمانة.
accounts-err-deactivated = هذا الحساب معطَّل. اطلب من الأمانة إعادة تفعيله.
accounts-notice-session-ended = أُنهيت الجلسة.
accounts-notice-others-ended = أُنهيت جميع الجلسات الأخرى.
accounts-notice-deactivated = عُطِّل الحساب: أُنهيت جلساته وأُلغيت رموزه.
accounts-notice-reactivated = أُعيد تفعيل الحساب.
accounts-shell = سطر أوامر العقدة
accounts-sessions-title = الجلسات والرموز
accounts-sessions = الجلسات المفتوحة
accounts-sessions-intro = كل متصفح سجّلت الدخول فيه. أنهِ أي جلسة لا تعرفها، وغيّر كلمة مرورك.
accounts-browser = المتصفح
accounts-opened = فُتحت في
accounts-last-use = آخر استخدام
accounts-this-session = هذه الجلسة
accounts-sign-out-here = تسجيل الخروج هنا
accounts-end-session = إنهاء الجلسة
accounts-end-others = إنهاء جميع الجلسات الأخرى
accounts-no-tokens = ليست لديك رموز واجهة برمجة.
accounts-never-used = لم يُستخدم قط
accounts-audit-title = سجل تغييرات الحسابات
accounts-audit-short = السجل
accounts-audit-intro-all = كل منح لدور أو سحب له، وكل تعطيل لحساب أو إعادة تفعيل له، وكل إعادة تعيين لكلمة مرور من قِبل مسؤول، من الأحدث إلى الأقدم. وكلٌّ منها قيد في السجل العام أيضًا.
accounts-audit-intro-own = التغييرات التي طرأت على أدوار حسابك وصلاحيات الوصول إليه، من الأحدث إلى الأقدم. وكلٌّ منها قيد في السجل العام أيضًا.
accounts-audit-about = الحساب:
accounts-audit-everyone = جميع الحسابات
accounts-audit-empty = لم يُسجَّل شيء بعد.
accounts-audit-who = بواسطة
accounts-audit-what = التغيير
accounts-audit-whom = الحساب
accounts-action-role_granted = مُنح دور
accounts-action-role_revoked = سُحب دور
accounts-action-user_deactivated = عُطِّل الحساب
accounts-action-user_reactivated = أُعيد تفعيل الحساب
accounts-action-password_reset = أعاد مسؤول تعيين كلمة المرور
accounts-confirm-title = تأكيد التغيير
accounts-confirm-grant = منح هذا الدور؟
accounts-confirm-revoke = سحب هذا الدور؟
accounts-confirm-deactivate = تعطيل هذا الحساب؟ سيُسجَّل خروج صاحبه من كل مكان وتُلغى رموزه لواجهة البرمجة.
accounts-confirm-reactivate = إعادة تفعيل هذا الحساب؟ سيتمكن صاحبه من تسجيل الدخول مجددًا.
accounts-confirm-recorded = سيُقيَّد التغيير في السجل العام باسمك بصفتك صاحبه.
accounts-cancel = إلغاء
accounts-deactivate = تعطيل
accounts-reactivate = إعادة التفعيل
accounts-deactivated = معطَّل
accounts-access = الوصول
accounts-choose-role = اختر دورًا…
accounts-institution-id-hint = رقم المؤسسة (يظهر في صفحتها).
accounts-find-institution = البحث عن مؤسسة
accounts-search-users = البحث عن المستخدمين
accounts-users-found = المستخدمون الذين عُثر عليهم:
accounts-previous = السابق
accounts-next = التالي
accounts-err-no-mail = لم يُضبط خادم SMTP على هذه العقدة، لذا لا يمكن إرسال دعوة؛ أعطِ الشخص كلمة مرور بدلًا من ذلك.
accounts-mail-invite-subject = حسابك في WAICO
accounts-mail-invite-body = فُتح لك حساب على عقدة WAICO هذه. اتبع هذا الرابط خلال أسبوع لتختار كلمة مرورك:
accounts-mail-reset-subject = اختر كلمة مرور جديدة في WAICO
accounts-mail-reset-body = طلب أحدهم إعادة تعيين كلمة مرور حسابك في WAICO. اتبع هذا الرابط خلال ساعة لتختار كلمة مرور جديدة:
accounts-mail-ignore = إن لم تكن تتوقع هذه الرسالة فتجاهلها: لا يتغير شيء ما لم يُستخدم الرابط.
accounts-notice-reset-sent = إن وُجد حساب نشط مطابق، فقد أُرسل إلى بريده الإلكتروني رابط لاختيار كلمة مرور جديدة، صالح لمدة ساعة.
accounts-notice-invited = أُنشئ الحساب وأُرسلت دعوة إلى بريده الإلكتروني.
accounts-forgot-title = نسيت كلمة المرور
accounts-forgot-intro = أدخل اسم المستخدم أو عنوان بريدك الإلكتروني؛ سيُرسل رابط لاختيار كلمة مرور جديدة إلى البريد الإلكتروني للحساب.
accounts-forgot-who = اسم المستخدم أو عنوان البريد الإلكتروني
accounts-forgot-send = أرسل الرابط
accounts-forgot-no-mail = لا ترسل هذه العقدة بريدًا إلكترونيًا. اطلب من الأمانة إعادة تعيين كلمة مرورك.
accounts-forgot-link = هل نسيت كلمة المرور؟
accounts-link-title = اختر كلمة مرورك
accounts-link-invite = مرحبًا بك. اختر كلمة المرور التي ستسجّل الدخول بها.
accounts-link-reset = اختر كلمة مرور جديدة. ستنتهي جلساتك الأخرى ورموزك لواجهة البرمجة.
accounts-link-save = احفظ كلمة المرور
accounts-invite-by-mail = أرسل دعوة بالبريد الإلكتروني (يختار الشخص كلمة مروره؛ اترك حقل كلمة المرور فارغًا)

## العامل الثاني (TOTP)
accounts-action-second_factor_reset = أزال مسؤول العامل الثاني
second-factor-title = العامل الثاني
second-factor-link = العامل الثاني (تطبيق المصادقة)
second-factor-signin-title = أدخل رمزك
second-factor-signin-intro = أدخل الرمز المكوّن من ستة أرقام الذي يعرضه تطبيق المصادقة، أو أحد رموز الاسترداد.
second-factor-field-code = الرمز
second-factor-err-code = هذا الرمز غير صحيح، أو سبق استخدامه.
second-factor-err-already-on = العامل الثاني مُعدّ بالفعل لهذا الحساب.
second-factor-err-required = تتطلب أدوارك عاملاً ثانياً؛ لا يمكن إيقافه.
second-factor-required = تتطلب أدوارك عاملاً ثانياً. أعدّه قبل المتابعة.
second-factor-off-intro = يطلب العامل الثاني عند كل تسجيل دخول، بعد كلمة المرور، رمزاً من تطبيق على هاتفك.
second-factor-begin = إعداد عامل ثانٍ
second-factor-scan = امسح هذا الرمز بتطبيق مصادقة، أو أدخل فيه المفتاح أدناه. ثم أدخل الرمز الذي يعرضه التطبيق.
second-factor-qr-alt = رمز QR لتطبيق المصادقة
second-factor-secret = المفتاح:
second-factor-confirm = تأكيد
second-factor-codes-title = رموز الاسترداد الخاصة بك
second-factor-codes-once = احفظ هذه الرموز في مكان آمن. يعمل كل منها مرة واحدة بدلاً من رمز التطبيق. لا تُعرض إلا الآن.
second-factor-on = العامل الثاني مفعّل لهذا الحساب.
second-factor-codes-left = { $count ->
    [zero] لم يبق أي رمز استرداد.
    [one] بقي رمز استرداد واحد.
    [two] بقي رمزا استرداد.
    [few] بقيت { $count } رموز استرداد.
    [many] بقي { $count } رمز استرداد.
   *[other] بقي { $count } رمز استرداد.
}
second-factor-off-title = إيقاف العامل الثاني
second-factor-off-button = إيقاف
sso-signin-with = تسجيل الدخول عبر { $provider }
sso-err-unavailable = تعذّر الوصول إلى مزوّد الهوية. حاول لاحقًا، أو سجّل الدخول بكلمة المرور.
sso-err-expired = انتهت صلاحية عملية تسجيل الدخول هذه أو بدأت في متصفح آخر. ابدأ من جديد.
sso-err-refused = تعذّر التحقق من ردّ مزوّد الهوية. ابدأ من جديد.
sso-err-no-account = لا يوجد حساب على هذه العقدة يطابق هويتك لدى المزوّد. اطلب حسابًا من الأمانة.
