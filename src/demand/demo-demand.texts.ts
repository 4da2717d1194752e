// What the people of the demo demand board write (src/demand/demo-demand.ts): Chinese, the portal's working language.

export const orderPurposes = [
  '用于业务系统数据比对核验', '开展联合执法所需的信息核查', '编制年度规划的基础数据', '“一网通办”事项材料免提交',
  '接入城市运行监测平台', '政策实施效果评估与统计分析', '应急处置预案编制', '信用信息归集与联合奖惩',
];
export const legalBases = ['《政务数据共享管理办法》第十二条', '《优化营商环境条例》第三十七条', '市政府办公厅关于推进数据共享的通知'];
export const infoRequests = ['请补充数据使用范围和安全保护措施', '请说明所需字段及更新频率', '请提供项目批复文件或会议纪要', '请明确数据使用期限'];
export const infoAnswers = ['已补充：仅限本单位业务系统内部使用，落实分级保护。', '所需字段为名称、地址、状态，按月更新即可。', '批复文件已上传至协同平台，请查收。', '使用期限为一年，到期后删除。'];
export const orderRejections = [
  '申请字段涉及个人隐私，不符合共享条件', '用途与申请数据无直接关联，请调整后重新申请', '该数据已通过共享接口提供，请直接调用',
  '申请范围过大，请按最小必要原则缩小字段', '缺少上级部门批复，暂不能提供',
];
export const cancelNotes = ['需求已通过其他渠道解决', '项目调整，暂不需要', '申请有误，将重新提交'];
export const acceptNotes = ['已受理，将在期限内交付', '已受理，正在抽取数据', null, null];
export const ratingComments: Record<number, string[]> = {
  5: ['数据完整，交付及时，谢谢！', '很满意，字段说明清楚'],
  4: ['数据可用，个别字段需进一步说明', '整体满意，希望后续按月更新'],
  3: ['基本满足需要，但交付有所延迟', '数据可用，格式需要再整理'],
  2: ['部分字段缺失，需再次沟通', '交付延迟较多，影响工作进度'],
  1: ['交付严重延迟，数据与申请不符'],
};

/** New-data wishes about a department's existing data (`{t}`: a dataset's title). */
export const wishTemplates = ['希望开放{t}的历史数据（2015 年以来）', '{t}能否按街道细分', '希望{t}增加经纬度坐标', '希望{t}提供实时接口', '希望{t}按周更新'];
export const wishDescriptions = [
  '正在开发便民小程序，目前只能找到年度汇总，粒度不够。', '做课题研究需要较长时间序列。', '希望能和地图叠加使用。',
  '现有数据更新太慢，无法支撑实时应用。', '社区治理工作需要更细的统计口径。',
];
export const newDataRejections = ['涉及敏感信息，暂不具备开放条件', '该数据不属于本部门职责范围，建议向相关部门申请', '数据质量尚不满足开放要求，暂缓开放'];
export const planNotes = ['已列入年度开放计划', '正在进行脱敏处理', null];
export const fulfilNotes = ['已开放，欢迎使用', '已按要求开放，字段说明见数据集页面', null];
export const citizenComments = ['同求，做研究很需要这份数据。', '+1，希望尽快开放', '请问有预计的开放时间吗？', '如果能提供 API 就更好了', '支持！'];
export const providerComments = ['感谢建议，我们正在评估。', '已与数据管理部门沟通，会尽快答复。', '正在整理历史数据，请耐心等待。'];

export const correctionDescriptions = [
  '部分记录的联系电话缺少一位', '地址中的街道名称有错别字', '有几条记录的坐标落在市界之外', '更新日期早于实际发布日期',
  '存在重复记录', '统计口径与数据说明不一致',
];
export const correctionRejections = ['经核实数据无误，系原始登记信息', '该问题属于源系统数据，已转请业务部门核查'];
export const fixNotes = ['已在新版本中更正', '已核实并更正，感谢指正', null];
