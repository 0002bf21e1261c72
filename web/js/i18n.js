// Every text the page shows, in Korean and English. Lesson titles and explanations come
// from the engine's lesson catalogue, and the engine's messages from its message catalogue
// (crates/core/src/messages.rs, through wasm `message_text`).
const TEXT = {
  ko: {
    title: '놀이터 — 브라우저 딥러닝 놀이터',
    lesson: '레슨', language: 'English',
    data: '데이터', model: '모델', compile: '컴파일과 학습 설정', results: '결과',
    curves: '학습 곡선', summary: 'model.summary()', log: '학습 로그',
    train: '학습', stop: '멈춤', reset: '초기화', evaluate: '테스트 평가',
    addDense: '+ Dense', addDropout: '+ Dropout', addFlatten: '+ Flatten', addActivation: '+ Activation',
    units: '유닛', activation: '활성화', rate: '비율', up: '위로', down: '아래로', remove: '삭제',
    loss: '손실 함수', fromLogits: 'from_logits', optimizer: '옵티마이저', learningRate: '학습률',
    metrics: '정확도 표시 (accuracy)', epochs: '에포크', batchSize: '배치 크기', validationSplit: '검증 비율',
    seed: '시드', earlyStopping: 'EarlyStopping (val_loss)', patience: 'patience',
    rowsTrain: '학습', rowsTest: '테스트', rows: '행', features: '입력', task: '문제',
    regression: '회귀', binary: '이진 분류', multi_class: '다중 분류',
    baseline: '가장 많은 클래스만 답해도', suggested: '추천 출력층', apply: '적용',
    upload: 'CSV 파일 선택 또는 끌어다 놓기', url: 'CSV 주소 (URL)', loadUrl: '불러오기',
    target: '예측할 열', scaling: '스케일링', testSize: '테스트 비율', header: '헤더',
    auto: '자동', yes: '있음', no: '없음', none: '없음', standard: '표준화', minmax: '최소-최대', divide255: '÷255',
    stratify: '층화 분할', dropEmpty: '빈 칸 있는 행 버리기', reloadData: '다시 읽기',
    preview: '미리보기', encoding: '인코딩', emptyCells: '빈 칸',
    ready: '준비됨', loading: '불러오는 중…', training: '학습 중…', stopped: '멈췄습니다',
    earlyStopped: 'EarlyStopping으로 멈췄습니다', finished: '학습을 마쳤습니다',
    fixFirst: '학습하려면 먼저 고치세요:', noData: '데이터를 먼저 불러오세요', busy: '학습 중에는 바꿀 수 없습니다',
    epoch: '에포크', trainCurve: '학습', validationCurve: '검증', baselineShort: '기준선',
    predicted: '예측값', actual: '실제값', scatterTitle: '예측 vs 실제', fitTitle: '데이터와 학습된 직선',
    confusionTitle: '혼동 행렬', truth: '실제', predictedClass: '예측', imagesTitle: '예측 (틀리면 괄호 안이 정답)',
    testResult: '테스트 결과', noTest: '이 데이터에는 테스트 세트가 없습니다',
    weights: '학습된 가중치', figure: '강의 결과', wholeNumber: '정수를 입력하세요',
    remaining: '남은 시간 약', step: '한 에포크', stepTitle: '지금 가중치에서 한 에포크만 학습합니다', slope: '기울기', intercept: '절편',
    unitsOf: '단위', onRows: '행', meanBaseline: '평균으로만 답하면 MSE', stopToSwitch: '학습 중입니다. 멈추고 레슨을 바꿀까요?',
    lessonLocked: '학습 중에는 레슨을 바꿀 수 없습니다: 먼저 멈추세요', embedLessonLocked: '이 임베드는 레슨을 바꿀 수 없습니다',
    featureColumns: '입력 열 (여러 개 선택)',
    share: '공유 링크', embed: '임베드', save: '저장', downloadModel: '모델 내려받기', uploadModel: '모델 올리기',
    shareLink: '링크', editable: '수정 가능', everything: '전부', lrOnly: '학습률만', nothing: '없음', embedCode: '블로그 임베드 코드 (iframe)',
    notebookTab: '노트북', openNotebook: '노트북으로 열기',
    code: 'Keras 코드', copy: '복사', downloadPy: '.py 내려받기', downloadIpynb: 'Colab 노트북 (.ipynb)',
    copied: '복사했습니다', savedAs: '저장했습니다:',
    saveFailed: '브라우저 저장 공간이 가득 찼거나 꺼져 있어 저장하지 못했습니다. \'모델 내려받기\'로 파일에 저장하세요:', saveName: '저장할 이름', savedModels: '저장한 모델…',
    localFile: '이 링크는 내 컴퓨터의 파일을 썼습니다. 파일을 다시 선택하세요:', restored: '지난 설정과 학습된 가중치를 되살렸습니다',
    cancelLoad: '불러오기 취소',
    menu: '모델 저장·불러오기', close: '닫기',
    startHint: '처음이라면 레슨 1부터: 공부 시간과 성적 사이의 직선을 찾아봅니다.', startLesson1: '레슨 1 시작하기',
    evaluateTraining: '학습이 끝나면 평가할 수 있습니다', evaluateLoading: '데이터를 불러오는 중에는 평가할 수 없습니다',
    unknownEvent: '알 수 없는 이벤트입니다. 쓸 수 있는 이벤트:', listenerNotFunction: 'on()의 두 번째 인자는 함수여야 합니다',
    chooseModelJson: '모델의 .json 파일(과 가중치 .bin 파일)을 고르세요', badLanguage: "언어는 'ko' 또는 'en'이어야 합니다",
    linkTooBig: '링크에 담긴 설정이 너무 큽니다(풀면 64 KB가 넘습니다). 읽지 않고 기본 레슨을 불러왔습니다',
    linkBroken: '링크에 담긴 설정을 읽을 수 없습니다. 링크가 잘렸거나 바뀌었을 수 있습니다. 기본 레슨을 불러왔습니다',
    linkNoSetup: '이 링크에는 놀이터 설정이 없습니다. 기본 레슨을 불러왔습니다',
    linkNoLesson: '링크에 적힌 레슨 이름이 올바르지 않습니다',
    linkMalformed: '링크의 설정 부분(#s=…) 형식이 잘못되었습니다. 기본 레슨을 불러왔습니다',
  },
  en: {
    title: 'Noriteo — a deep-learning playground in your browser',
    lesson: 'Lesson', language: '한국어',
    data: 'Data', model: 'Model', compile: 'Compile and fit', results: 'Results',
    curves: 'Training curves', summary: 'model.summary()', log: 'Training log',
    train: 'Train', stop: 'Stop', reset: 'Reset', evaluate: 'Evaluate on test set',
    addDense: '+ Dense', addDropout: '+ Dropout', addFlatten: '+ Flatten', addActivation: '+ Activation',
    units: 'units', activation: 'activation', rate: 'rate', up: 'Move up', down: 'Move down', remove: 'Remove',
    loss: 'Loss', fromLogits: 'from_logits', optimizer: 'Optimizer', learningRate: 'Learning rate',
    metrics: 'Show accuracy', epochs: 'Epochs', batchSize: 'Batch size', validationSplit: 'Validation split',
    seed: 'Seed', earlyStopping: 'EarlyStopping (val_loss)', patience: 'patience',
    rowsTrain: 'train', rowsTest: 'test', rows: 'rows', features: 'inputs', task: 'task',
    regression: 'regression', binary: 'binary classification', multi_class: 'multi-class classification',
    baseline: 'Always answering the most common class scores', suggested: 'Suggested output layer', apply: 'Apply',
    upload: 'Choose or drop a CSV file', url: 'CSV address (URL)', loadUrl: 'Load',
    target: 'Column to predict', scaling: 'Scaling', testSize: 'Test share', header: 'Header',
    auto: 'auto', yes: 'yes', no: 'no', none: 'none', standard: 'standardize', minmax: 'min-max', divide255: '÷255',
    stratify: 'Stratify', dropEmpty: 'Drop rows with empty cells', reloadData: 'Read again',
    preview: 'Preview', encoding: 'encoding', emptyCells: 'empty cells',
    ready: 'Ready', loading: 'Loading…', training: 'Training…', stopped: 'Stopped',
    earlyStopped: 'Stopped by EarlyStopping', finished: 'Training finished',
    fixFirst: 'Fix these to train:', noData: 'Load a data set first', busy: 'Cannot change this while training',
    epoch: 'epoch', trainCurve: 'train', validationCurve: 'validation', baselineShort: 'baseline',
    predicted: 'predicted', actual: 'actual', scatterTitle: 'Predicted vs actual', fitTitle: 'Data and the fitted line',
    confusionTitle: 'Confusion matrix', truth: 'true', predictedClass: 'predicted', imagesTitle: 'Predictions (true label in brackets when wrong)',
    testResult: 'Test result', noTest: 'This data set has no test set',
    weights: 'Learned weights', figure: 'Lecture result', wholeNumber: 'enter a whole number',
    remaining: 'time left about', step: 'One epoch', stepTitle: 'Train one epoch from the current weights', slope: 'slope', intercept: 'intercept',
    unitsOf: 'units', onRows: 'rows', meanBaseline: 'always answering the mean: MSE', stopToSwitch: 'Training is running. Stop it and switch lessons?',
    lessonLocked: 'Lessons cannot change while training: stop first', embedLessonLocked: 'This embed keeps its lesson',
    featureColumns: 'Input columns (choose several)',
    share: 'Share link', embed: 'Embed', save: 'Save', downloadModel: 'Download model', uploadModel: 'Load model',
    shareLink: 'Link', editable: 'Editable', everything: 'everything', lrOnly: 'learning rate only', nothing: 'nothing', embedCode: 'Blog embed code (iframe)',
    notebookTab: 'Notebook', openNotebook: 'Open as a notebook',
    code: 'Keras code', copy: 'Copy', downloadPy: 'Download .py', downloadIpynb: 'Colab notebook (.ipynb)',
    copied: 'Copied', savedAs: 'Saved as',
    saveFailed: 'Could not save: this browser\'s storage is full or turned off. Use \'Download model\' to keep it in a file:', saveName: 'Name to save as', savedModels: 'Saved models…',
    localFile: 'This link used a file from the sender\'s computer. Choose the file again:', restored: 'Restored the last setup and trained weights',
    cancelLoad: 'Cancel loading',
    menu: 'Save & load models', close: 'Close',
    startHint: 'New here? Start at lesson 1: find the straight line between study hours and scores.', startLesson1: 'Start lesson 1',
    evaluateTraining: 'You can evaluate once training ends', evaluateLoading: 'Evaluation waits until the data has loaded',
    unknownEvent: 'Unknown event; the events are:', listenerNotFunction: 'on() takes a function as its second argument',
    chooseModelJson: 'Choose the model .json file (and its .bin weights file)', badLanguage: "The language must be 'ko' or 'en'",
    linkTooBig: 'The link\'s setup is too big (over 64 KB unpacked), so it was not read; the default lesson is loaded instead',
    linkBroken: 'The link\'s setup cannot be read (the link may be cut short or changed); the default lesson is loaded instead',
    linkNoSetup: 'The link does not hold a playground setup; the default lesson is loaded instead',
    linkNoLesson: 'The link names no valid lesson',
    linkMalformed: 'The link\'s setup (#s=…) is malformed; the default lesson is loaded instead',
  },
};

let lang = (navigator.language || 'ko').toLowerCase().startsWith('ko') ? 'ko' : 'en';

export const language = () => lang;
export const t = (key) => TEXT[lang][key] ?? TEXT.en[key] ?? key;

/// A text with `{name}` filled in from `params`; a name without a parameter stays as written.
export const format = (key, params = {}) =>
  t(key).replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));


export function setLanguage(next) {
  if (!Object.hasOwn(TEXT, next)) throw new Error(`${t('badLanguage')} (${String(next).slice(0, 20)})`);
  lang = next;
  document.documentElement.lang = next;
  document.title = t('title');
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle);
  for (const el of document.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
}
