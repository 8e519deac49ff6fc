# أعمال الامتثال لالتزامات نظام (الصفحتان /systems/{id}/work و‎/work).
work-title = أعمال الامتثال
work-link = أعمال الامتثال: المسؤولون والمواعيد والأدلة
work-intro = يمكن إسناد كل التزام في آخر تقييم إلى شخص مع موعد نهائي، والعمل عليه، وتوثيقه بملفات أدلة، واعتماده من مراجِع لم يقدّمه بنفسه.
work-dashboard-title = أعمال الامتثال المفتوحة
work-dashboard-intro = البنود المفتوحة التي يمكنك الاطلاع عليها، محسوبةً في
work-calendar = المواعيد النهائية في تقويم (iCalendar)
work-assign = إسناد
work-obligations = الالتزامات
work-field-obligation = الالتزام
work-field-assignee = المسؤول (اسم المستخدم)
work-field-due = الموعد النهائي
work-field-status = الحالة
work-field-comment = تعليق
work-field-file = ملف الدليل
work-col-assessed = التقييم
work-not-assessed = لم يعد واردًا في آخر تقييم
work-nobody = لا أحد بعد
work-overdue = متأخر
work-due-soon = يستحق خلال 30 يومًا
work-due-30 = يستحق خلال 30 يومًا
work-open = مفتوحة
work-move = تسجيل الخطوة
work-evidence-add = إرفاق دليل
work-item-status-open = مفتوح
work-item-status-in-progress = قيد التنفيذ
work-item-status-submitted = مقدَّم للمراجعة
work-item-status-accepted = مقبول
work-item-status-returned = مُعاد
work-history = السجل
work-history-none = لم يحدث شيء بعد.
work-kind-assigned = إسناد
work-kind-status = خطوة
work-kind-comment = تعليق
work-kind-evidence = دليل
work-diff = ما الذي تغيّر منذ التقييم السابق
work-diff-none = لا يوجد تقييم سابق للمقارنة.
work-diff-same = لم يتغيّر شيء.
work-diff-added = التزام جديد
work-diff-removed = التزام زال
work-diff-status = تغيّرت النتيجة
work-diff-class = فئة المخاطر
work-mine = المسندة إليك
work-mine-none = لا شيء مسند إليك.
work-by-institution = حسب المؤسسة
work-by-state = حسب الدولة
work-group = المؤسسة أو الدولة
work-err-step = لا يمكن القيام بهذه الخطوة من الحالة الحالية للبند.
work-err-no-evidence = أرفق ملف دليل واحدًا على الأقل قبل التقديم للمراجعة.
work-err-no-comment = اذكر السبب في تعليق عند إعادة بند.
work-err-file-empty = اختر ملفًا؛ يجب ألا يكون فارغًا.
work-err-file-too-large = الملف أكبر من الحجم المسموح به لملفات الأدلة.
work-err-file-type = لا يُقبل هذا النوع من الملفات دليلًا: استخدم PDF أو صورة أو ملف Office أو OpenDocument أو أرشيف ZIP أو نصًا.
work-err-file-content = محتوى الملف لا يطابق نوعه.
work-err-obligation = اختر التزامًا من آخر تقييم.
work-err-assignee = لا يوجد مستخدم نشط بهذا الاسم.
work-err-date = أدخل التاريخ بالصيغة YYYY-MM-DD.
work-err-comment-long = التعليق طويل جدًا (4000 حرف على الأكثر).

# عمليات رفع تتجاوز حدّ العقدة (مشكلات 413 في الواجهة البرمجية).
err-upload-too-large = الملف المرفوع أكبر مما تقبله هذه العقدة.

# The framework upload form’s file picker.
fw-upload-choose = المستند في ملف (أو ألصقه أدناه)
fw-err-upload-text = الملف المختار ليس نصًا بترميز UTF-8.
fw-kind-ciso-mapping-set = مجموعة مقابلات (مكتبة CISO Assistant)
fw-upload-jurisdiction = الولاية القضائية
fw-upload-jurisdiction-help = لا تذكر مكتبة إطار CISO Assistant لمن تعود القواعد التي تتضمنها: اختر الولاية القضائية التي تُحمَّل لها. أما الوثائق الأخرى فتحمل ولايتها بنفسها.
fw-jurisdiction-intl = دولي (INTL)
fw-jurisdiction-known = الولايات القضائية للأطر المحمّلة
fw-jurisdiction-countries = البلدان (ISO 3166-1)
fw-err-jurisdiction = اختر الولاية القضائية لإطار محمّل، أو رمز بلد من حرفين وفق ISO 3166-1، أو INTL.
fw-err-jurisdiction-kind = لا تُحدَّد الولاية القضائية إلا لمكتبة إطار CISO Assistant؛ هذه الوثيقة تحمل ولايتها بنفسها.

## The law in its own language, under a requirement on a framework page
fw-law-text = النص الرسمي ({ $language })
fw-law-title = العنوان بلغته الأصلية ({ $language })
