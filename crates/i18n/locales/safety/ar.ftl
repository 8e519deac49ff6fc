# السلامة: بلاغات حوادث الذكاء الاصطناعي وثغراته (العربية).
safety-nav = السلامة
safety-title = بلاغات السلامة
safety-lead = حوادث الذكاء الاصطناعي وثغراته التي أبلغ عنها الأعضاء، وتُتبادل وفق بروتوكول إشارات المرور (TLP 2.0): لا ترى إلا ما يسمح لك به التصنيف.
safety-new = الإبلاغ عن حادث أو ثغرة
safety-statistics = إحصاءات السلامة
safety-feed = موجز Atom للبلاغات العامة
safety-export = تصدير ما يحق لك رؤيته
safety-search = البحث في البلاغات
safety-harm-type = نوع الضرر
safety-sector = القطاع
safety-country = البلد
safety-country-code = البلد (رمز ISO من حرفين)
safety-state = الحالة
safety-tlp = تصنيف TLP
safety-report = البلاغ
safety-reports = البلاغات
safety-submitted = تاريخ التقديم
safety-found = { PLURAL($count) ->
    [zero] لا توجد بلاغات يحق لك رؤيتها
    [one] بلاغ واحد يحق لك رؤيته
    [two] بلاغان يحق لك رؤيتهما
    [few] { $count } بلاغات يحق لك رؤيتها
    [many] { $count } بلاغًا يحق لك رؤيته
   *[other] { $count } بلاغ يحق لك رؤيته
}
safety-stats-total = { PLURAL($count) ->
    [zero] لا توجد بلاغات يحق لك رؤيتها.
    [one] إحصاء على بلاغ واحد يحق لك رؤيته.
    [two] إحصاء على بلاغين يحق لك رؤيتهما.
    [few] إحصاء على { $count } بلاغات يحق لك رؤيتها.
    [many] إحصاء على { $count } بلاغًا يحق لك رؤيته.
   *[other] إحصاء على { $count } بلاغ يحق لك رؤيته.
}
safety-by-harm = البلاغات حسب نوع الضرر
safety-by-sector = البلاغات حسب القطاع
safety-by-region = البلاغات حسب المنطقة
safety-by-month = البلاغات حسب الشهر
safety-region = المنطقة
safety-month = الشهر
safety-duties = واجبات الإبلاغ القانونية
safety-deadline-warning = اقترب أجل الإبلاغ القانوني أو انقضى: أبلغ السلطة المختصة الآن.
safety-citation = النص القانوني
safety-bearer = من يُبلِّغ
safety-authority = إلى من
safety-due = الأجل
safety-countdown = الوقت المتبقي
safety-immediately = فورًا
safety-hours-left = { PLURAL($count) ->
    [zero] لم تبق أي ساعة
    [one] بقيت ساعة واحدة
    [two] بقيت ساعتان
    [few] بقيت { $count } ساعات
    [many] بقيت { $count } ساعة
   *[other] بقيت { $count } ساعة
}
safety-hours-late = { PLURAL($count) ->
    [zero] لا تأخير
    [one] تأخير ساعة واحدة
    [two] تأخير ساعتين
    [few] تأخير { $count } ساعات
    [many] تأخير { $count } ساعة
   *[other] تأخير { $count } ساعة
}
safety-date = تاريخ الحادث
safety-deployers = الجهات المشغِّلة المزعومة
safety-developers = الجهات المطوِّرة المزعومة
safety-harmed = الأطراف المتضررة المزعومة
safety-systems = أنظمة الذكاء الاصطناعي المعنية
safety-repos = المستودعات المشتركة المعنية
safety-assignees = مُسند إلى
safety-sources = المصادر
safety-comments = التعليقات
safety-comment = التعليق
safety-add-comment = إضافة التعليق
safety-community = المجتمع (لتصنيف TLP:AMBER)
safety-recipients = أسماء مستخدمي المستلمين (لتصنيف TLP:RED، مفصولة بفواصل)
safety-workflow = المعالجة
safety-step = الخطوة
safety-reason = السبب (عند الرفض)
safety-apply = تطبيق
safety-assign-to = إسناد إلى (اسم المستخدم)
safety-assign = إسناد
safety-merge-into = مكرر للبلاغ (المعرّف)
safety-merge = دمج بوصفه مكررًا
safety-history = السجل
safety-field-title = العنوان
safety-description = الوصف
safety-vulnerability = هذه ثغرة (كسر حماية نموذج، أو تسميم مجموعة بيانات…)
safety-artifact = النموذج أو مجموعة البيانات أو النظام المتأثر
safety-versions = الإصدارات المتأثرة (مفصولة بفواصل)
safety-source-url = عنوان المصدر
safety-source-text = نص المصدر أو ملخصه
safety-severity = درجة الخطورة
safety-stakeholder = الأطراف المعنية المتأثرة
safety-system = نظام ذكاء اصطناعي مسجَّل (معرّفه)
safety-repo = مستودع مشترك (مثل models/المالك/الاسم)
safety-legal-kind = نوع الحادث الجسيم (للآجال القانونية)
safety-aware-at = تاريخ علمك بالحادث
safety-submit = إرسال البلاغ
safety-state-submitted = مُقدَّم
safety-state-triaged = مُصنَّف
safety-state-confirmed = مؤكَّد
safety-state-mitigated = مُخفَّف
safety-state-closed = مغلق
safety-state-rejected = مرفوض
safety-state-duplicate = مكرر
safety-state-withdrawn = مسحوب
safety-step-triage = تصنيف
safety-step-confirm = تأكيد
safety-step-mitigate = وسم بأنه مُخفَّف
safety-step-close = إغلاق
safety-step-reject = رفض
safety-step-reopen = إعادة فتح
safety-step-withdraw = سحب
safety-kind-death = وفاة شخص
safety-kind-serious-harm-to-health = ضرر جسيم بصحة شخص
safety-kind-critical-infrastructure = تعطيل جسيم لا رجعة فيه لبنية تحتية حيوية
safety-kind-fundamental-rights = الإخلال بالتزامات حماية الحقوق الأساسية
safety-kind-property-or-environment = ضرر جسيم بالممتلكات أو البيئة
safety-kind-widespread-infringement = مخالفة واسعة النطاق
safety-kind-algorithmic-discrimination = تمييز خوارزمي
safety-kind-illegal-generated-content = محتوى مولَّد غير مشروع
safety-bearer-provider = المزوِّد
safety-bearer-deployer = الجهة المشغِّلة
safety-bearer-developer = المطوِّر
safety-bearer-network-operator = مشغِّل الشبكة
safety-bearer-service-provider = مقدِّم الخدمة
safety-ev-submitted = قُدِّم
safety-ev-assigned = أُسند إلى
safety-ev-unassigned = أُلغي الإسناد إلى
safety-ev-commented = أُضيف تعليق
safety-ev-merged = دُمج في
safety-ev-absorbed = تلقّى مصادر
safety-err-invalid = هذه القيمة غير صالحة لبلاغ سلامة.
safety-err-wrong-state = هذه الخطوة غير ممكنة في الحالة الحالية للبلاغ.
safety-err-recipient = لا يوجد مستخدم بهذا الاسم.
safety-err-unknown-system = لا يوجد نظام ذكاء اصطناعي مسجَّل بهذا المعرّف.
safety-incidents = الحوادث المبلَّغ عنها التي يحق لك رؤيتها
safety-no-incidents = لا توجد حوادث مبلَّغ عنها يحق لك رؤيتها.

# Marking changes and the EU report export
safety-err-not-legal = هذا البلاغ ليس حادثًا بالمعنى القانوني: لا يذكر نوع الحادث ولا تاريخ العلم به.
safety-err-no-eu-duty = لا ينطبق واجب الإبلاغ بموجب المادة 73 (الاتحاد الأوروبي) على أي نظام مرتبط بهذا البلاغ.
safety-err-system-not-linked = هذا النظام غير مرتبط بالبلاغ.
safety-eu-report = بلاغ الاتحاد الأوروبي عن حادث جسيم (JSON)
safety-eu-report-hint = وفق نموذج المفوضية للمادة 73؛ يكمل المزوّد الحقول الفارغة.
safety-marking-change = تغيير التصنيف
safety-marking-change-hint = عند التصنيف TLP:CLEAR تُنشر بصمة البلاغ في السجل. التصنيف الأضيق يخفي البلاغ من حينه؛ وما نُشر يبقى منشورًا.
safety-marking-apply = تغيير التصنيف

# Deadline warnings by e-mail
safety-mail-subject = مهلة الإبلاغ: { $title }
safety-mail-running = يجب الإبلاغ عن الحادث «{ $title }» بموجب { $duty } إلى { $authority } في موعد أقصاه { $due }: تبقّى من الساعات { $hours }.
safety-mail-immediately = يجب الإبلاغ عن الحادث «{ $title }» فورًا بموجب { $duty } إلى { $authority }.
safety-mail-overdue = كان الإبلاغ عن الحادث «{ $title }» بموجب { $duty } إلى { $authority } مستحقًا في { $due }: تأخّر بعدد من الساعات { $hours }.
safety-mail-link = البلاغ على العقدة:
safety-err-no-report = لا يوجد بلاغ بهذا المعرّف يمكنك رؤيته.
