"""Y: the file itself — encoding, size and YAML syntax. Reported by the reader
(`lianzheng.yamlread`), before any document is looked at."""

from __future__ import annotations

from lianzheng.i18n import Text as T
from lianzheng.rules.registry import ERROR, WARNING, define

define(
    "Y001", "yaml-syntax-error", ERROR,
    T("文件不是合法的 YAML。", "The file is not valid YAML."),
    T("语法错误之后的内容无法读取，其中的职权和风险都不会被登记。",
      "Nothing after a syntax error can be read, so the powers and risks in it are not registered."),
    {
        "": T("YAML 语法错误：{problem}", "YAML syntax error: {problem}"),
        "fullwidth-colon": T("键 `{key}` 后面用了中文冒号“：”，应为英文冒号“:”加一个空格",
                             "a full-width colon “：” follows the key `{key}`: YAML needs an ASCII colon and a space (`{key}: `)"),
        "fullwidth-space": T("缩进中有全角空格（U+3000），缩进只能用英文空格",
                             "the indentation holds a full-width space (U+3000); indent with ASCII spaces only"),
        "chinese-comma": T("用了中文逗号“{comma}”，请改为英文逗号“,”或分行",
                           "a Chinese comma “{comma}” separates the items: use an ASCII comma “,” or one item per line"),
        "expected-colon": T("这一行缺少英文冒号“:”：键和值之间应写“: ”（冒号后加空格）",
                            "this line lacks a colon: a key and its value are written `key: value`"),
        "mapping-values": T("此处不能出现“键: 值”：可能是缩进不对，或上一行的值中含有“: ”（这样的文本请加引号）",
                            "a `key: value` is not allowed here: the indentation may be wrong, or a value holds "
                            "“: ” (put such text in quotes)"),
        "expected-dash": T("缩进不对：列表项的“- ”应与同一列表的其他项对齐",
                           "bad indentation: a list item's “- ” must line up with the other items of its list"),
        "expected-key": T("缩进不对：同一层的键应左对齐；也可能是引号后面还有多余的文字",
                          "bad indentation: the keys of one mapping line up; or there is text after a closing quote"),
        "expected-node": T("此处缺少值：可能是多写了一个逗号", "a value is missing here: perhaps a comma too many"),
        "unclosed-bracket": T("“{open}”没有闭合（缺少“{close}”），或其中的项之间缺少英文逗号“,”",
                              "“{open}” is not closed (no “{close}”), or its items are not separated by commas"),
        "unclosed-quote": T("从这里开始的引号 {quote} 没有闭合", "the quote {quote} opened here is never closed"),
        "reserved-character": T("值不能以“{char}”开头：请给这个值加上引号",
                                "a value cannot start with “{char}”: put the value in quotes"),
        "bad-escape": T("双引号中的反斜杠转义无效：反斜杠本身请写成“\\\\”，或改用单引号",
                        "an invalid backslash escape in double quotes: write a backslash as “\\\\”, or use single quotes"),
        "undefined-alias": T("别名 `*{alias}` 没有定义（前面没有 `&{alias}`）",
                             "alias `*{alias}` is not defined (no `&{alias}` before it)"),
        "control-character": T("文件中有不允许的控制字符 {char}（多为从别处粘贴来的不可见字符），请删除",
                               "the file holds a control character {char} that YAML does not allow (often pasted in "
                               "unseen); delete it"),
    },
    bad="""
name: 食品经营许可
basis: [{law: food-safety-law, article: 第三十五条}
""",
    good="""
name: 食品经营许可
basis: [{law: food-safety-law, article: 第三十五条}]
""",
)

define(
    "Y002", "duplicate-key", ERROR,
    T("同一映射中出现重复的键。", "A key appears twice in the same mapping."),
    T("重复的键会让前一个值被悄悄覆盖，审核人员看到的和工具读取的并不一致。",
      "A repeated key silently replaces the earlier value: reviewers and the tool read different things."),
    T("键 `{key}` 重复（第一次出现在第 {first} 行）", "duplicate key `{key}` (first on line {first})"),
    bad="""
id: XK-001
name: 食品经营许可
name: 食品生产许可
""",
    good="""
id: XK-001
name: 食品经营许可
""",
)

define(
    "Y003", "file-too-large", ERROR,
    T("文件超过 10 MB 的上限。", "The file is over the 10 MB limit."),
    T("职权文件应当按一项职权一个文件拆分；过大的文件多为误提交的数据，读取它会拖慢每一次检查。",
      "Power files are one power per file; an oversized file is usually data committed by mistake and slows every check."),
    T("文件大小 {size} 字节，超过上限 {limit} 字节，未读取", "file is {size} bytes, over the limit of {limit}; not read"),
    bad="# a 12 MB file",
    good="# one power per file, a few KB each",
)

define(
    "Y004", "byte-order-mark", WARNING,
    T("文件以 UTF-8 字节顺序标记（BOM）开头。", "The file starts with a UTF-8 byte order mark (BOM)."),
    T("BOM 是某些 Windows 编辑器加上的不可见字符，会干扰差异比较和其他工具；请以无 BOM 的 UTF-8 保存。",
      "A BOM is an invisible character some Windows editors add; it disturbs diffs and other tools. Save as UTF-8 without BOM."),
    T("文件以 BOM 开头，请另存为无 BOM 的 UTF-8", "file starts with a byte order mark; save it as UTF-8 without BOM"),
    bad="\\ufeffapiVersion: lianzheng/v1",
    good="apiVersion: lianzheng/v1",
)

define(
    "Y005", "invalid-utf8", ERROR,
    T("文件不是 UTF-8 编码。", "The file is not UTF-8."),
    T("GBK 等编码保存的文件在其他电脑和网站上会变成乱码；数据文件一律使用 UTF-8。",
      "Files saved as GBK or another encoding turn into mojibake elsewhere; data files are UTF-8."),
    T("文件不是 UTF-8 编码（{detail}），请用 UTF-8 重新保存", "file is not UTF-8 ({detail}); save it as UTF-8"),
    bad="# 以 GBK 编码保存的文件",
    good="# 以 UTF-8 编码保存的文件",
)

define(
    "Y006", "tab-indentation", ERROR,
    T("用制表符（Tab）缩进。", "Indentation with tab characters."),
    T("YAML 不允许用 Tab 缩进；不同编辑器对 Tab 的显示不同，层次会被误读。",
      "YAML does not allow tabs for indentation, and editors show them differently."),
    T("此行用 Tab 缩进，YAML 只允许空格缩进", "this line is indented with a tab; YAML allows only spaces"),
    bad="flow:\n\tstart: S1",
    good="flow:\n  start: S1",
)

define(
    "Y007", "empty-file", WARNING,
    T("文件中没有任何文档。", "The file holds no document."),
    T("空文件多半是遗漏了内容或应当删除。", "An empty file usually lost its content or should be deleted."),
    T("文件为空", "the file is empty"),
    bad="# 只有注释",
    good="apiVersion: lianzheng/v1\nkind: LawRegistry\nlaws: []",
)

define(
    "Y008", "unsafe-tag", ERROR,
    T("使用了非标准的 YAML 标签（如 !!python/object）。", "A non-standard YAML tag (such as !!python/object)."),
    T("自定义标签可以让读取程序构造任意对象，是常见的安全漏洞；数据文件只允许标准类型。",
      "Custom tags can make a reader construct arbitrary objects, a known security hole; data files use standard types only."),
    T("不允许的 YAML 标签 `{tag}`，按文本读取", "YAML tag `{tag}` is not allowed; read as plain text"),
    bad="name: !!python/object/apply:os.system [echo]",
    good="name: 食品经营许可",
)

define(
    "Y009", "alias-expansion", ERROR,
    T("别名（*alias）展开过大或自我引用。", "Aliases (*alias) expand too far or refer to themselves."),
    T("层层嵌套的别名（“别名炸弹”）能让一个小文件展开成数十亿个值，一段长文本被别名引用上千次也能让网站膨胀到数百 MB，"
      "拖垮检查和网站构建。",
      "Nested aliases (an \"alias bomb\") turn a small file into billions of values, and a long text aliased a "
      "thousand times turns a small file into a site of hundreds of MB: both bring every tool down."),
    {
        "": T("别名 `{alias}` 展开过大或引用自身，文件其余部分未读取",
              "alias `{alias}` expands too far or refers to itself; the rest of the file was not read"),
        "size": T("到别名 `{alias}` 处，展开后的内容已超过 {limit} 个字符（文件大小的上限），文件其余部分未读取",
                  "at alias `{alias}`, the file's values expand past {limit} characters (the file size limit); "
                  "the rest of the file was not read"),
    },
    bad="a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]  # ... 再嵌套几十层",
    good="steps: [S1, S2]",
)

define(
    "Y010", "nesting-too-deep", ERROR,
    T("嵌套层次过深。", "Nesting is too deep."),
    T("正常的职权文件不超过十层；极深的嵌套只会来自错误或恶意输入。",
      "A real power file is under ten levels deep; extreme nesting comes only from mistakes or hostile input."),
    T("嵌套超过 {depth} 层，文件其余部分未读取", "nested more than {depth} levels; the rest of the file was not read"),
    bad="a: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[x]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
    good="a: [x]",
)

define(
    "Y011", "complex-key", ERROR,
    T("映射的键是列表或映射。", "A mapping key is a list or a mapping."),
    T("字段名只能是文本。", "Field names are plain text."),
    T("键必须是文本，不能是列表或映射", "a key must be text, not a list or mapping"),
    bad="? [a, b]\n: 1",
    good="a: 1",
)

define(
    "Y012", "invalid-merge", ERROR,
    T("合并键 `<<` 的值不是映射或映射列表。", "The merge key `<<` does not hold a mapping or a list of mappings."),
    T("`<<` 只能合并映射；其他值会被忽略，看起来写了的字段实际并不存在。",
      "`<<` merges mappings only; anything else is dropped, so fields that seem written are missing."),
    T("`<<` 只能合并映射或映射列表", "`<<` merges only a mapping or a list of mappings"),
    bad="base: &b 5\nstep:\n  <<: *b",
    good="base: &b {supervision: 纪检组监督}\nstep:\n  <<: *b",
)

define(
    "Y013", "link-outside-repository", ERROR,
    T("符号链接指向仓库之外。", "A symbolic link leads out of the repository."),
    T("仓库之外的文件不是本单位登记的数据，可能是运行 lz 的电脑上的密钥或他人的文件；lz 不跟随这样的链接，"
      "其内容不会被读取、显示或发布。",
      "A file outside the repository is not the unit's data: it may be a key or someone else's file on the "
      "machine running lz. Such links are never followed; nothing behind them is read, shown or published."),
    T("符号链接指向仓库之外，未读取（请把文件本身放进仓库）",
      "symbolic link leads out of the repository; not read (put the file itself in the repository)"),
    bad="# powers/secret.yaml -> ../../outside/secret.yaml",
    good="# powers/XK-001.yaml: a file of the repository, or a link to one",
)

define(
    "Y014", "unreadable-file", ERROR,
    T("数据文件无法读取：悬空或循环的符号链接、没有读取权限，或不是普通文件。",
      "A data file cannot be read: a dangling or looping symbolic link, no permission, or not a regular file."),
    T("读不了的文件里的职权和风险都不会被登记；悬空的链接多半是文件移动或删除后留下的。",
      "Nothing in a file that cannot be read is registered; a dangling link is usually left behind when a file "
      "is moved or deleted."),
    {
        "": T("无法读取此文件（{reason}）", "cannot read this file ({reason})"),
        "dangling": T("符号链接指向的文件不存在（悬空链接）", "symbolic link points at nothing (a dangling link)"),
        "loop": T("符号链接构成循环，无法读取", "symbolic links form a loop; cannot be read"),
        "permission": T("没有读取此文件的权限", "no permission to read this file"),
        "special": T("不是普通文件（如管道或设备文件），未读取", "not a regular file (a pipe or a device); not read"),
        "changed": T("文件在检查过程中被换成了符号链接，未读取", "the file was replaced by a symbolic link while lz ran; not read"),
    },
    bad="# powers/XK-009.yaml -> XK-009-old.yaml（已删除）",
    good="# powers/XK-009.yaml: the file itself",
)
