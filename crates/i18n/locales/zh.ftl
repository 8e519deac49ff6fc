# WAICO 界面 — 简体中文。每条消息都必须在 ar、zh、fr、ru、es 中存在。
# 复数形式使用 PLURAL($count)，其 CLDR 类别取自 ICU4X；中文只需 other。

brand-long = WAICO — 世界人工智能合作组织
skip-to-content = 跳至正文
nav-label = 主导航
nav-members = 成员
nav-institutions = 机构
nav-api = API
nav-admin = 秘书处
nav-signin = 登录
nav-signout = 退出登录
lang-switcher = 语言
footer-text = WAICO 是服务于开放、多边人工智能合作的开源软件。任何成员都可以运行自己的节点。

home-title = 世界人工智能合作组织
home-lead = 一个开放平台，供各国协调人工智能的发展与治理：共同的规则框架、公开的审议、可核验的公共记录、共享的模型与数据，以及公平获取算力和人才的机会——全球南方优先。
home-figures = 本组织数据一览
home-global-south-share = 的会员国属于全球南方
home-parts = 平台功能
home-newest = 最新成员
home-all-members = 全部会员国
part-members = 成员
part-members-text = 国家、机构和个人及其角色。“全球南方”身份依据世界银行收入组别推定，从不手工填写。
part-framework = 框架
part-framework-text = 各国人工智能规则以机器可读的规则包形式呈现，并与统一的控制目录逐项对应。
part-deliberation = 审议
part-deliberation-text = 会员国的提案、磋商和表决，所作决定即时生效。
part-commons = 公共资源
part-commons-text = 开放的模型、数据集和工具，可用研究人员已在使用的客户端下载。
part-capacity = 能力交流
part-capacity-text = 公平分配捐赠的算力，并为研究人员匹配研究金项目。
part-safety = 安全
part-safety-text = 成员之间按 TLP 标签共享人工智能事件报告和威胁信息。

members-count = { PLURAL($count) ->
   *[other] { $count } 个会员国
}
members-count-label = { PLURAL($count) ->
   *[other] 会员国
}
observers-count-label = { PLURAL($count) ->
   *[other] 观察员
}
institutions-count-label = { PLURAL($count) ->
   *[other] 机构
}
regions-count-label = { PLURAL($count) ->
   *[other] 世界区域
}
members-found = { PLURAL($count) ->
   *[other] 找到 { $count } 个国家
}
institutions-found = { PLURAL($count) ->
   *[other] 找到 { $count } 个机构
}
page-number = 第 { $count } 页

members-title = 会员国
filters = 筛选
search-name = 名称或代码
any = 全部
yes = 是
no = 否
apply-filters = 应用
pagination = 分页
page-prev = 上一页
page-next = 下一页
none-yet = 暂无。
names-in-six = 联合国六种语文的名称
delegates = 代表
global-south-derived = 依据收入组别推定
actions = 操作
edit = 编辑
delete = 删除
save = 保存

field-name = 名称
field-code = 代码
field-region = 区域
field-income-group = 收入组别
field-global-south = 全球南方
field-status = 状态
field-since = 起始日期
field-un-member = 联合国会员国
field-kind = 类型
field-country = 国家
field-website = 网站
field-registered = 注册日期
field-username = 用户名
field-password = 密码
field-email = 电子邮件
field-display-name = 显示名称
field-language = 语言
field-roles = 角色
field-role = 角色
field-scope = 范围
field-scope-hint = 范围（会员国代表填写国家代码，机构代表填写机构 ID）
field-current-password = 当前密码
field-new-password = 新密码
field-token-name = 令牌名称
field-token-days = 有效期（天）
field-expires = 到期日期

status-member = 成员
status-observer = 观察员
status-suspended = 资格已暂停
status-none = 非成员

income-low = 低收入
income-lower-middle = 中等偏下收入
income-upper-middle = 中等偏上收入
income-high = 高收入
income-unclassified = 未分类

kind-government-agency = 政府机构
kind-university = 大学
kind-research-institute = 研究所
kind-company = 公司
kind-ngo = 非政府组织
kind-standards-body = 标准化机构

role-secretariat-admin = 秘书处管理员
role-delegate = 会员国代表
role-institution-rep = 机构代表
role-researcher = 研究人员

region-0 = —
region-2 = 非洲
region-19 = 美洲
region-142 = 亚洲
region-150 = 欧洲
region-9 = 大洋洲
region-10 = 南极洲
region-15 = 北非
region-202 = 撒哈拉以南非洲
region-419 = 拉丁美洲和加勒比
region-21 = 北美
region-143 = 中亚
region-30 = 东亚
region-35 = 东南亚
region-34 = 南亚
region-145 = 西亚
region-151 = 东欧
region-154 = 北欧
region-39 = 南欧
region-155 = 西欧
region-53 = 澳大利亚和新西兰
region-54 = 美拉尼西亚
region-57 = 密克罗尼西亚
region-61 = 波利尼西亚

institutions-title = 机构
institution-new = 登记机构
institution-edit = 编辑机构

signin-title = 登录
signin-button = 登录
account-title = 您的账户
account-profile = 个人资料
account-password = 密码
account-change-password = 修改密码
account-tokens = API 令牌
token-create = 创建令牌
token-shown-once = 请立即复制此令牌：它不会再次显示。
token-revoke = 撤销
token-revoked = 已撤销
token-active = 有效
scope-read = 只读
scope-write = 读写
notice-saved = 已保存。

admin-title = 秘书处
admin-memberships = 各国成员资格
admin-new-user = 新用户
admin-create-user = 创建用户
admin-users = 用户
admin-grant = 授予角色
admin-revoke = 撤销
admin-reset-password = 设置密码

api-docs-title = API 参考
api-docs-lead = 本节点的 JSON API。其机器可读说明为 OpenAPI 3.1 文档，地址为
api-docs-auth = 修改数据的路由需要 API 令牌（可在账户页面创建），并按以下格式发送：
api-needs-token = 需令牌
api-parameter = 参数
api-in = 位置
api-description = 说明
api-body = 请求正文

form-has-errors = 请更正下方标出的字段。
err-required = 此字段为必填项。
err-length = 该值过短或过长。
err-control-chars = 不允许使用控制字符。
err-invalid-choice = 请从所列值中选择一项。
err-invalid-date = 请按 YYYY-MM-DD 格式输入日期。
err-invalid-url = 请输入以 https:// 或 http:// 开头的网址。
err-invalid-email = 请输入有效的电子邮件地址。
err-username-chars = 请使用 3 至 32 个字符，限小写英文字母、数字、点、连字符或下划线，并以字母开头。
err-password-length = 密码长度须为 10 至 256 个字符。
err-unknown-country = 这不是已知的 ISO 3166-1 国家代码。
err-unknown-institution = 不存在此 ID 的机构。
err-scope-country = 会员国代表须提供其所代表国家的代码。
err-scope-institution = 机构代表须提供其所属机构的 ID。
err-taken = 该值已被占用。
err-token-days = 请选择 1 天至本节点上限之间的有效期。
err-wrong-password = 当前密码不正确。
err-csrf = 此表单已过期，请重新提交。
err-signin-missing = 请输入用户名和密码。
err-signin-failed = 用户名或密码不正确。
err-signin-locked = 失败次数过多：此账户已被暂时锁定。
err-invalid-json = 请求正文与预期字段不符。
err-invalid-query = 查询参数无效。
err-range = 该值超出范围。

error-home-link = 返回首页
error-404-title = 找不到页面
error-404-text = 此地址没有内容。页面可能已移动，或链接有误。
error-403-title = 无权访问
error-403-text = 您的账户不具备执行此操作所需的角色。
error-413-title = 内容过大
error-413-text = 您发送的内容超过了此服务器允许的大小。
error-400-title = 无法理解请求
error-400-text = 服务器无法理解此请求。请检查后重试。
error-500-title = 出现问题
error-500-text = 服务器遇到意外问题，请求未完成；请稍后重试。

## Commons
nav-commons = 共享库
commons-title = 共享库
commons-lead = 成员共享的开放模型、数据集和工具。可使用您已有的工具（包括 Hugging Face 客户端）下载。
commons-search = 搜索共享库
commons-search-placeholder = 任意语言的词语
commons-results-label = 仓库：
commons-no-results = 没有匹配的仓库。
commons-newest = 最新
commons-popular = 下载最多
commons-by-task = 按任务
commons-by-language = 按语言
commons-kind-model = 模型
commons-kind-dataset = 数据集
commons-kind-tool = 工具
commons-downloads = 下载量
commons-downloads-by-day = 每日下载量
commons-updated = 更新于
commons-gated = 受限访问
commons-facet-kind = 类型
commons-facet-task = 任务
commons-facet-license = 许可证
commons-facet-language = 语言
commons-facet-owner = 所有者
commons-facet-owner-country = 所有者国家
commons-facet-region = 区域
commons-facet-global-south = 全球南方
commons-gs-yes = 全球南方
commons-gs-no = 其他
commons-sort = 排序方式
commons-sort-relevance = 相关度
commons-sort-downloads = 下载量
commons-sort-recent = 最近更新
commons-metadata = 卡片元数据
commons-license = 许可证
commons-task = 任务
commons-library = 库
commons-languages = 语言
commons-tags = 标签
commons-datasets = 数据集
commons-base-model = 基础模型
commons-visibility-public = 公开
commons-visibility-gated = 受限访问
commons-visibility-members_only = 仅限成员
commons-card-problems = 卡片中的问题（仅您可见）：
commons-line = 行
commons-empty-repo = 此仓库尚无文件。
commons-files = 文件
commons-file = 文件
commons-size = 大小
commons-download = 下载
commons-use-hf = 使用 Hugging Face 客户端：
commons-history = 历史
commons-commit = 提交
commons-message = 说明
commons-author = 作者
commons-date = 日期
commons-refs = 分支和标签
commons-access-title = 申请访问
commons-access-signin = 此仓库的文件为受限访问：请登录后申请访问。
commons-access-reason = 理由
commons-access-submit = 提交申请
commons-access-pending = 您的申请正在等待所有者决定。
commons-access-approved = 已获准访问。
commons-access-rejected = 您的申请已被拒绝。
commons-requests-title = 访问申请
commons-requests-none = 暂无申请。
commons-approve = 批准
commons-reject = 拒绝
commons-decision-reason = 决定理由
commons-user = 用户
commons-status = 状态
commons-owner-repos = 仓库
commons-owner-kind-state = 成员国
commons-owner-kind-institution = 机构
commons-owner-kind-person = 个人
err-commons-owner = 未知所有者：请使用成员国代码、机构简称或用户名。
err-commons-kind = 请选择模型、数据集或工具。
err-commons-name = 请使用字母、数字、“.”、“_”或“-”（最多 96 个），且不以符号开头。
err-commons-visibility = 请选择公开、受限访问或仅限成员。
err-commons-sha256 = 应为 64 位十六进制数字。
err-commons-size-mismatch = 内容大小与声明不符；未保存任何内容。
err-commons-hash-mismatch = 内容与声明的 SHA-256 不符；未保存任何内容。
err-commons-revision = 无效的分支、标签或提交。
err-commons-reason = 请填写不超过 2000 个字符的理由。
