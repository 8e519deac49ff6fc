# Интерфейс WAICO — русский язык. Каждое сообщение должно существовать в ar, zh, fr, ru, es.
# Формы множественного числа выбираются через PLURAL($count), который берёт категорию CLDR из ICU4X.

brand-long = WAICO — Всемирная организация по сотрудничеству в области искусственного интеллекта
skip-to-content = Перейти к содержанию
nav-label = Основная навигация
nav-members = Члены
nav-institutions = Организации
nav-api = API
nav-admin = Секретариат
nav-signin = Войти
nav-signout = Выйти
lang-switcher = Язык
footer-text = WAICO — программное обеспечение с открытым исходным кодом для открытого многостороннего сотрудничества в области ИИ. Любой член может развернуть собственный узел.

home-title = Всемирная организация по сотрудничеству в области искусственного интеллекта
home-lead = Единая открытая платформа, на которой государства координируют развитие ИИ и управление в этой сфере: общая нормативная база, открытое обсуждение, проверяемый публичный реестр, общие модели и данные, справедливый доступ к вычислительным ресурсам и специалистам — в первую очередь для Глобального Юга.
home-figures = Организация в цифрах
home-global-south-share = государств-членов относятся к Глобальному Югу
home-parts = Возможности платформы
home-newest = Новые члены
home-all-members = Все государства-члены
part-members = Члены
part-members-text = Государства, организации и люди с их ролями. Принадлежность к «Глобальному Югу» определяется по группам доходов Всемирного банка и никогда не вводится вручную.
part-framework = Нормативная база
part-framework-text = Национальные правила в области ИИ в виде машиночитаемых пакетов правил, сопоставленных с единым каталогом мер контроля.
part-deliberation = Обсуждение
part-deliberation-text = Предложения, консультации и голосования государств-членов и решения, которые вступают в силу.
part-commons = Общие ресурсы
part-commons-text = Открытые модели, наборы данных и инструменты, которые можно загрузить привычными для исследователей клиентами.
part-capacity = Обмен потенциалом
part-capacity-text = Справедливое распределение безвозмездно предоставленных вычислительных мощностей и подбор стипендий для исследователей.
part-safety = Безопасность
part-safety-text = Сообщения об инцидентах, связанных с ИИ, и информация об угрозах, которыми члены обмениваются с метками TLP.

members-count = { PLURAL($count) ->
    [one] { $count } государство-член
    [few] { $count } государства-члена
    [many] { $count } государств-членов
   *[other] { $count } государства-члена
}
members-count-label = { PLURAL($count) ->
    [one] государство-член
    [few] государства-члена
    [many] государств-членов
   *[other] государства-члена
}
observers-count-label = { PLURAL($count) ->
    [one] наблюдатель
    [few] наблюдателя
    [many] наблюдателей
   *[other] наблюдателя
}
institutions-count-label = { PLURAL($count) ->
    [one] организация
    [few] организации
    [many] организаций
   *[other] организации
}
regions-count-label = { PLURAL($count) ->
    [one] регион мира
    [few] региона мира
    [many] регионов мира
   *[other] региона мира
}
members-found = { PLURAL($count) ->
    [one] Найдено { $count } государство
    [few] Найдено { $count } государства
    [many] Найдено { $count } государств
   *[other] Найдено { $count } государства
}
institutions-found = { PLURAL($count) ->
    [one] Найдена { $count } организация
    [few] Найдено { $count } организации
    [many] Найдено { $count } организаций
   *[other] Найдено { $count } организации
}
page-number = Страница { $count }

members-title = Государства-члены
filters = Фильтры
search-name = Название или код
any = Все
yes = Да
no = Нет
apply-filters = Применить
pagination = Страницы
page-prev = Предыдущая страница
page-next = Следующая страница
none-yet = Пока нет.
names-in-six = Названия на шести языках ООН
delegates = Делегаты
global-south-derived = определяется по группе доходов
actions = Действия
edit = Изменить
delete = Удалить
save = Сохранить

field-name = Название
field-code = Код
field-region = Регион
field-income-group = Группа по уровню дохода
field-global-south = Глобальный Юг
field-status = Статус
field-since = Дата начала
field-un-member = Государство — член ООН
field-kind = Тип
field-country = Страна
field-website = Веб-сайт
field-registered = Дата регистрации
field-username = Имя пользователя
field-password = Пароль
field-email = Электронная почта
field-display-name = Отображаемое имя
field-language = Язык
field-roles = Роли
field-role = Роль
field-scope = Область действия
field-scope-hint = Область действия (код страны для делегата, идентификатор организации для представителя)
field-current-password = Текущий пароль
field-new-password = Новый пароль
field-token-name = Название токена
field-token-days = Срок действия (дней)
field-expires = Истекает

status-member = Член
status-observer = Наблюдатель
status-suspended = Членство приостановлено
status-none = Не является членом

income-low = Низкий уровень дохода
income-lower-middle = Уровень дохода ниже среднего
income-upper-middle = Уровень дохода выше среднего
income-high = Высокий уровень дохода
income-unclassified = Не классифицировано

kind-government-agency = Государственное ведомство
kind-university = Университет
kind-research-institute = Научно-исследовательский институт
kind-company = Компания
kind-ngo = Неправительственная организация
kind-standards-body = Орган по стандартизации

role-secretariat-admin = Администратор Секретариата
role-delegate = Делегат государства-члена
role-institution-rep = Представитель организации
role-researcher = Исследователь

region-0 = —
region-2 = Африка
region-19 = Северная и Южная Америка
region-142 = Азия
region-150 = Европа
region-9 = Океания
region-10 = Антарктида
region-15 = Северная Африка
region-202 = Африка к югу от Сахары
region-419 = Латинская Америка и Карибский бассейн
region-21 = Северная Америка
region-143 = Центральная Азия
region-30 = Восточная Азия
region-35 = Юго-Восточная Азия
region-34 = Южная Азия
region-145 = Западная Азия
region-151 = Восточная Европа
region-154 = Северная Европа
region-39 = Южная Европа
region-155 = Западная Европа
region-53 = Австралия и Новая Зеландия
region-54 = Меланезия
region-57 = Микронезия
region-61 = Полинезия

institutions-title = Организации
institution-new = Зарегистрировать организацию
institution-edit = Изменить данные организации

signin-title = Вход
signin-button = Войти
account-title = Ваша учётная запись
account-profile = Профиль
account-password = Пароль
account-change-password = Изменить пароль
account-tokens = Токены API
token-create = Создать токен
token-shown-once = Скопируйте этот токен сейчас: больше он показан не будет.
token-revoke = Отозвать
token-revoked = Отозван
token-active = Действует
scope-read = Только чтение
scope-write = Чтение и запись
notice-saved = Сохранено.

admin-title = Секретариат
admin-memberships = Членство государств
admin-new-user = Новый пользователь
admin-create-user = Создать пользователя
admin-users = Пользователи
admin-grant = Назначить роль
admin-revoke = Отозвать
admin-reset-password = Задать пароль

api-docs-title = Справочник по API
api-docs-lead = JSON API этого узла. Машиночитаемое описание — документ OpenAPI 3.1 по адресу
api-docs-auth = Для маршрутов, изменяющих данные, нужен токен API со страницы вашей учётной записи; он передаётся в заголовке
api-needs-token = токен
api-parameter = Параметр
api-in = Расположение
api-description = Описание
api-body = Тело запроса

form-has-errors = Исправьте, пожалуйста, отмеченные ниже поля.
err-required = Это поле обязательно для заполнения.
err-length = Значение слишком короткое или слишком длинное.
err-control-chars = Управляющие символы не допускаются.
err-invalid-choice = Выберите одно из предложенных значений.
err-invalid-date = Введите дату в формате YYYY-MM-DD.
err-invalid-url = Введите веб-адрес, начинающийся с https:// или http://.
err-invalid-email = Введите действительный адрес электронной почты.
err-username-chars = Используйте от 3 до 32 символов: строчные латинские буквы, цифры, точки, дефисы или знаки подчёркивания; первым символом должна быть буква.
err-password-length = Пароль должен содержать от 10 до 256 символов.
err-unknown-country = Такого кода страны ISO 3166-1 не существует.
err-unknown-institution = Организации с таким идентификатором нет.
err-scope-country = Для делегата нужен код государства, которое он представляет.
err-scope-institution = Для представителя нужен идентификатор его организации.
err-taken = Это значение уже занято.
err-token-days = Выберите срок действия от 1 дня до максимума, установленного для узла.
err-wrong-password = Текущий пароль указан неверно.
err-csrf = Срок действия формы истёк. Отправьте её ещё раз.
err-signin-missing = Введите имя пользователя и пароль.
err-signin-failed = Неверное имя пользователя или пароль.
err-signin-locked = Слишком много неудачных попыток: учётная запись временно заблокирована.
err-invalid-json = Тело запроса не соответствует ожидаемым полям.
err-invalid-query = Недопустимый параметр запроса.
err-range = Значение вне допустимого диапазона.

error-home-link = Перейти на главную страницу
error-404-title = Страница не найдена
error-404-text = По этому адресу ничего нет. Возможно, страница перемещена или ссылка неверна.
error-403-title = Доступ запрещён
error-403-text = У вашей учётной записи нет роли, необходимой для этого действия.
error-413-title = Слишком большой объём
error-413-text = Отправленные данные превышают объём, допустимый для этого сервера.
error-400-title = Запрос не распознан
error-400-text = Сервер не смог распознать этот запрос. Проверьте его и повторите попытку.
error-500-title = Произошла ошибка
error-500-text = На сервере возникла непредвиденная проблема. Запрос не выполнен; повторите попытку позже.

## Framework & assessment
nav-frameworks = Нормативные рамки
nav-systems = Системы ИИ
fw-title = Нормативные рамки
fw-intro = Национальные и международные правила об ИИ в виде версионируемых машиночитаемых деревьев требований, каждое из которых сопоставлено с единым каталогом мер контроля.
fw-col-name = Название
fw-col-jurisdiction = Юрисдикция
fw-col-version = Версия
fw-col-requirements = Требования
fw-col-status = Статус
fw-col-rules = Правила
fw-controls-title = Единый каталог мер контроля
fw-controls-intro = Общая рамка WAICO: единый набор мер контроля, с которым сопоставлены национальные требования.
fw-mapped-requirements = национальных требований
fw-maps-to = Соответствует
fw-official-text = Официальный текст
fw-export = Экспорт
fw-packs-title = Пакеты правил юрисдикций
fw-packs-intro = Правила применимости для каждой юрисдикции с вытекающими из них классами риска и обязанностями.
fw-relationship = Связь
fw-satisfies = Национальные требования, которые выполняет эта мера
fw-upload = Загрузить документ
fw-upload-intro = Вставьте рамку, библиотеку CISO Assistant, таблицу соответствия или пакет правил в формате YAML. Документ проверяется целиком; при любой ошибке ничего не меняется.
fw-upload-kind = Тип документа
fw-upload-file-name = Имя файла (для сообщений об ошибках)
fw-upload-source = YAML
fw-upload-rejected = Документ отклонён, ничего не изменено. Найденные ошибки (файл:строка: причина):
fw-kind-framework = Рамка (YAML WAICO)
fw-kind-ciso-assistant = Рамка (библиотека CISO Assistant)
fw-kind-crosswalk = Таблица соответствия
fw-kind-rulepack = Пакет правил
fw-status-in-force = Действует
fw-status-adopted-not-yet-applicable = Принят, ещё не применяется
fw-status-draft = Проект
fw-status-voluntary = Добровольный
sys-title = Системы ИИ
sys-intro = Зарегистрированные системы ИИ; каждая оценивается по всем юрисдикциям за один проход.
sys-new = Зарегистрировать систему ИИ
sys-updated = Обновлено
sys-field-id = Идентификатор (строчные буквы, цифры, -)
sys-field-name = Название
sys-field-description = Описание
sys-field-provider = Поставщик
sys-field-jurisdictions = Юрисдикции применения (коды, например EU, CN, US-CO, BR)
sys-field-purposes = Цели применения
sys-field-capabilities = Возможности
sys-field-affected = Затрагиваемые лица
sys-field-public-facing = Предлагается публике
sys-field-gpai = Модель ИИ общего назначения
sys-field-users = Число пользователей
sys-field-compute = Вычисления для обучения (FLOP, например 3e25)
sys-field-licence = Открытая лицензия
sys-field-institution = Учреждение
sys-field-yaml = Или вставьте весь профиль в YAML (заменяет поля выше)
sys-register = Зарегистрировать и оценить
sys-err-id = Используйте от 1 до 80 строчных латинских букв, цифр, точек, дефисов или подчёркиваний.
sys-err-jurisdictions = Введите коды, например EU, CN, BR или US-CO, через запятую.
sys-err-number = Введите неотрицательное число.
sys-err-profile = В профиле есть ошибки (файл:строка: причина):
sys-profile = Профиль
sys-assess = Провести оценку заново
sys-no-assessment = Эта система ещё не оценивалась.
sys-report = Отчёт об оценке
sys-formats = Скачать
sys-packs-used = Использованные пакеты правил
sys-applies = Применяется
sys-applies-yes = Да
sys-applies-no = Нет
sys-risk-class = Класс риска
sys-obligations = Обязанности
sys-col-citation = Ссылка
sys-col-requirement = Требование
sys-col-bearer = Кто несёт
sys-col-from = Применяется с
sys-col-deadline = Срок
sys-non-binding = не обязательно
sys-status-met = Выполнено
sys-status-missing = Не выполнено
sys-status-unknown = Неизвестно
sys-provenance = Сработавшие правила и прочитанные ими поля профиля
sys-undetermined = не определено, не хватает полей
sys-unified = Единое представление
sys-unified-intro = Наименьший набор единых мер контроля, покрывающий все обязанности во всех юрисдикциях: одно доказательство служит нескольким странам.
sys-uncovered = не покрыто
sys-evidence = Доказательства
sys-discharges = Исполняемые обязанности
sys-divergences = Расхождения между юрисдикциями
sys-imposed-by = Требуется в
sys-not-imposed-by = не требуется в
sys-strictest = Самое строгое
## Ledger
nav-ledger = Реестр
ledger-title = Реестр решений
ledger-intro = Каждое решение в области управления записывается в этот открытый журнал, допускающий только добавление. Любой может проверить, что ни одна запись не была изменена, удалена или переставлена.
ledger-checkpoint = Последняя подписанная контрольная точка
ledger-origin = Источник журнала
ledger-tree-size = Размер дерева
ledger-root = Корневой хеш
ledger-public-key = Открытый ключ этого узла
ledger-witnesses = Свидетели
ledger-no-witnesses = Ни один свидетель ещё не подписал эту контрольную точку.
ledger-note = Подписанная заметка
ledger-verify-cli = Независимая проверка всего журнала:
ledger-entries = Записи
ledger-kind = Тип
ledger-no-entries = Записей нет.
ledger-index = Номер
ledger-time = Время
ledger-actor = Участник
ledger-subject = Предмет
ledger-newest = Новейшие записи
ledger-older = Более ранние записи
ledger-entry = Запись
ledger-back = Все записи реестра
ledger-leaf-hash = Хеш листа
ledger-record = Содержание записи
ledger-canonical = Канонические байты (RFC 8785)
ledger-proof = Доказательство включения
ledger-proof-none = Эта запись ещё не охвачена подписанной контрольной точкой. Вернитесь через несколько секунд.
ledger-verify-button = Проверить в браузере
ledger-verify-ok = Проверено: запись включена в подписанную контрольную точку.
ledger-verify-bad = Проверка не пройдена: запись или её доказательство не ведут к корню контрольной точки.
ledger-verify-nojs = Для проверки в браузере нужны JavaScript и защищённая страница (HTTPS или localhost).
ledger-kind-member-admitted = Принят член
ledger-kind-member-status-changed = Изменён статус члена
ledger-kind-framework-version-adopted = Принята версия рамочной основы
ledger-kind-rulepack-version-adopted = Принята версия пакета правил
ledger-kind-commons-release-published = Опубликован выпуск общего фонда
ledger-kind-generic = Другое решение
## Commons
nav-commons = Общее достояние
commons-title = Общее достояние
commons-lead = Открытые модели, наборы данных и инструменты, которыми делятся участники. Скачивайте их привычными средствами, включая клиенты Hugging Face.
commons-search = Поиск в общем достоянии
commons-search-placeholder = Слова на любом языке
commons-results-label = Репозитории:
commons-no-results = Подходящих репозиториев нет.
commons-newest = Новые
commons-popular = Самые скачиваемые
commons-by-task = По задачам
commons-by-language = По языкам
commons-kind-model = Модель
commons-kind-dataset = Набор данных
commons-kind-tool = Инструмент
commons-downloads = Скачивания
commons-downloads-by-day = Скачивания по дням
commons-updated = Обновлено
commons-gated = Доступ по запросу
commons-facet-kind = Тип
commons-facet-task = Задача
commons-facet-license = Лицензия
commons-facet-language = Язык
commons-facet-owner = Владелец
commons-facet-owner-country = Страна владельца
commons-facet-region = Регион
commons-facet-global-south = Глобальный Юг
commons-gs-yes = Глобальный Юг
commons-gs-no = Другие
commons-sort = Сортировка
commons-sort-relevance = Релевантность
commons-sort-downloads = Скачивания
commons-sort-recent = Недавно обновлённые
commons-metadata = Метаданные карточки
commons-license = Лицензия
commons-task = Задача
commons-library = Библиотека
commons-languages = Языки
commons-tags = Теги
commons-datasets = Наборы данных
commons-base-model = Базовая модель
commons-visibility-public = Открытый
commons-visibility-gated = Доступ по запросу
commons-visibility-members_only = Только для участников
commons-card-problems = Ошибки в карточке (видны только вам):
commons-line = Строка
commons-empty-repo = В этом репозитории пока нет файлов.
commons-files = Файлы
commons-file = Файл
commons-size = Размер
commons-download = Скачать
commons-use-hf = С клиентом Hugging Face:
commons-history = История
commons-commit = Коммит
commons-message = Сообщение
commons-author = Автор
commons-date = Дата
commons-history-all = Вся история
commons-history-from = Ветка, тег или коммит
commons-history-show = Показать
commons-history-empty = Коммитов пока нет.
commons-history-older = Более старые коммиты
commons-history-newest = Самые новые коммиты
commons-files-changed = Изменено файлов
commons-refs = Ветки и теги
commons-ref-branch = Ветка
commons-ref-tag = Тег
commons-access-title = Запросить доступ
commons-access-signin = Файлы этого репозитория доступны по запросу: войдите, чтобы запросить доступ.
commons-access-reason = Причина
commons-access-submit = Отправить запрос
commons-access-pending = Ваш запрос ожидает решения владельца.
commons-access-approved = Доступ предоставлен.
commons-access-rejected = Ваш запрос отклонён.
commons-requests-title = Запросы доступа
commons-requests-none = Запросов пока нет.
commons-approve = Одобрить
commons-reject = Отклонить
commons-decision-reason = Причина решения
commons-user = Пользователь
commons-status = Статус
commons-owner-repos = Репозитории
commons-owner-kind-state = Государство-член
commons-owner-kind-institution = Организация
commons-owner-kind-person = Человек
err-commons-owner = Неизвестный владелец: укажите код государства-члена, краткое имя организации или имя пользователя.
err-commons-kind = Выберите модель, набор данных или инструмент.
err-commons-name = Используйте буквы, цифры, «.», «_» или «-» (не более 96), не начиная с символа.
err-commons-visibility = Выберите: открытый, по запросу или только для участников.
err-commons-sha256 = Ожидается 64 шестнадцатеричные цифры.
err-commons-size-mismatch = Размер содержимого не совпадает с заявленным; ничего не сохранено.
err-commons-hash-mismatch = Содержимое не соответствует заявленному SHA-256; ничего не сохранено.
err-commons-revision = Недопустимая ветка, тег или коммит.
err-commons-reason = Укажите причину не длиннее 2000 символов.

## Values of closed lists (waico_framework::labels), report wording
purpose-biometrics = Биометрия
purpose-critical-infrastructure = Критическая инфраструктура
purpose-education = Образование и профессиональная подготовка
purpose-employment = Занятость и управление работниками
purpose-essential-services-credit = Кредитоспособность и кредитный скоринг
purpose-essential-services-insurance = Оценка рисков и ценообразование в страховании жизни и здоровья
purpose-public-benefits = Право на государственные пособия и услуги
purpose-emergency-dispatch = Экстренные вызовы, диспетчеризация и сортировка
purpose-law-enforcement = Правоохранительная деятельность
purpose-migration-border = Миграция, убежище и пограничный контроль
purpose-justice-democracy = Отправление правосудия и разрешение споров
purpose-elections = Выборы и референдумы
purpose-medical = Медицина и здравоохранение
purpose-housing = Жильё
purpose-legal-services = Юридические услуги
purpose-content-generation = Создание контента
purpose-chatbot = Чат-бот
purpose-recommendation = Рекомендации
purpose-search = Поиск
purpose-translation = Перевод
purpose-software-development = Разработка программного обеспечения
purpose-customer-service = Обслуживание клиентов
purpose-marketing = Маркетинг
purpose-safety = Безопасность
purpose-research = Научные исследования
purpose-general-purpose = Общего назначения
purpose-other = Другое
capability-interacts-with-people = Взаимодействует с людьми
capability-generates-synthetic-content = Создаёт синтетический контент
capability-deepfake = Дипфейки
capability-public-interest-text = Тексты по вопросам, представляющим общественный интерес
capability-emotion-recognition = Распознавание эмоций
capability-biometric-identification-remote = Дистанционная биометрическая идентификация
capability-biometric-identification-realtime = Биометрическая идентификация в реальном времени
capability-biometric-categorisation = Биометрическая категоризация
capability-biometric-categorisation-sensitive = Биометрическая категоризация с выводом чувствительных признаков
capability-profiling = Профилирование
capability-social-scoring = Социальный рейтинг
capability-subliminal-manipulation = Подсознательное манипулирование
capability-exploits-vulnerabilities = Использование уязвимостей
capability-untargeted-facial-scraping = Нецелевой сбор изображений лиц
capability-crime-prediction-profiling = Прогнозирование преступлений на основе профилирования
capability-automated-decisions = Автоматизированные решения
capability-recommendation = Рекомендации
capability-autonomous-weapons = Функции автономного оружия
capability-csam-generation = Может создавать материалы сексуального насилия над детьми
capability-biometric-editing = Редактирует лица, голоса и другие биометрические данные
affected-general-public = Широкая общественность
affected-consumers = Потребители
affected-employees = Работники
affected-job-applicants = Соискатели работы
affected-students = Учащиеся
affected-children = Дети
affected-patients = Пациенты
affected-migrants = Мигранты и лица, ищущие убежища
affected-suspects = Подозреваемые
affected-benefit-claimants = Заявители на получение пособий
affected-borrowers = Заёмщики
affected-voters = Избиратели
modality-text = Текст
modality-image = Изображение
modality-audio = Аудио
modality-video = Видео
modality-tabular = Табличные данные
modality-code = Программный код
modality-biometric = Биометрические данные
modality-virtual-scene = Виртуальные сцены
context-workplace = Рабочее место
context-education-institution = Учебное заведение
context-publicly-accessible-space = Общедоступное пространство
context-law-enforcement-operation = Правоохранительная операция
context-border = Граница
context-healthcare = Здравоохранение
context-online = Онлайн
context-internal = Внутреннее использование
art63-narrow-procedural-task = Узкая процедурная задача
art63-improves-prior-human-activity = Улучшает результат ранее выполненной человеком работы
art63-detects-decision-patterns = Выявляет закономерности в решениях, не заменяя оценку человеком
art63-preparatory-task = Подготовительная задача
rbi-targeted-victim-search = Целенаправленный поиск жертв и пропавших без вести
rbi-imminent-threat-prevention = Предотвращение непосредственной угрозы жизни или теракта
rbi-serious-crime-suspect = Установление местонахождения подозреваемого в тяжком преступлении
profile-role-provider = Поставщик
profile-role-deployer = Эксплуатант
bearer-provider = Поставщик
bearer-deployer = Эксплуатант
bearer-both = Поставщик и эксплуатант
model-source-commons = Общий фонд WAICO
model-source-external = Внешний
evidence-implemented = Реализовано
evidence-partial = Частично
evidence-planned = Запланировано
relationship-equal = Эквивалентно
relationship-subset = Подмножество
relationship-superset = Надмножество
relationship-intersects = Частичное пересечение
risk-class-prohibited = Запрещённая практика
risk-class-excessive = Чрезмерный риск
risk-class-high = Высокий риск
risk-class-high-risk = Высокий риск
risk-class-not-high-risk = Не относится к высокому риску
risk-class-gpai = Модель ИИ общего назначения
risk-class-gpai-systemic = Модель ИИ общего назначения с системным риском
risk-class-limited = Ограниченный риск
risk-class-minimal = Минимальный риск
risk-class-in-scope = В сфере применения
risk-class-out-of-scope = Вне сферы применения
risk-class-filing-required = Требуется регистрация
risk-class-voluntary = Добровольно
sys-field-modalities = Модальности
sys-field-contexts = Контексты применения
sys-err-institution = Вы не можете регистрировать системы от имени этого учреждения. Выберите учреждение из списка.
sys-institution-none = Нет (зарегистрировать на своё имя)
sys-field-model = Базовая модель (репозиторий модели в общем фонде в виде владелец/имя или название внешней модели)
sys-field-model-external = Базовая модель внешняя (её нет в общем фонде этого узла)
sys-err-model-unknown = В общем фонде этого узла нет репозитория модели с таким именем. Укажите существующий в виде владелец/имя или отметьте модель как внешнюю.
sys-model = Базовая модель
report-assessed-on = Дата оценки
report-catalog-version = Версия единого каталога
report-not-applicable = Не применяется.
report-rule = Правило
report-read = прочитанные поля
report-not-set = не задано
report-controls = Меры контроля
report-unified-controls = Единые меры контроля
sys-days = { PLURAL($count) ->
    [one] { $count } день
    [few] { $count } дня
   *[other] { $count } дней
}
sys-working-days = { PLURAL($count) ->
    [one] { $count } рабочий день
    [few] { $count } рабочих дня
   *[other] { $count } рабочих дней
}
err-revoke-own-admin = Нельзя отозвать собственную роль в секретариате; это должен сделать другой администратор секретариата.
err-not-gated = Доступ к этому репозиторию не ограничен: запрашивать доступ не нужно.
field-institution = Организация
