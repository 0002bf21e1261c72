// The notebook page's own texts in Korean and English. Python's error messages come from the
// kernel (the core's message catalogue) in both languages and are not repeated here.
const TEXT = {
  ko: {
    title: '놀이터 노트북 — 브라우저에서 돌아가는 Keras 노트북',
    playground: '놀이터', notebook: '노트북', language: 'English', lessons: '레슨 노트북…',
    runAll: '▶▶ 모두 실행', interrupt: '■ 중단', restart: '↻ 재시작', addCode: '+ 코드', addMarkdown: '+ 텍스트',
    download: '.ipynb 내려받기', open: '.ipynb 열기', files: '파일', share: '공유 링크', more: '더보기',
    run: '실행', runCell: '이 셀 실행 (Shift+Enter)', deleteCell: '셀 삭제', moveUp: '위로', moveDown: '아래로',
    toMarkdown: '텍스트로', toCode: '코드로', edited: '실행 후 수정됨',
    kernelStarting: '커널 준비 중…', kernelReady: '준비됨', kernelBusy: '실행 중…', kernelFailed: '커널을 시작하지 못했습니다',
    errorLine: '{line}번째 줄', figureFailed: '그림을 그리지 못했습니다',
    filesHint: 'CSV 파일을 추가하면 셀에서 pd.read_csv("이름.csv")로 읽을 수 있습니다.', addFile: 'CSV 추가', noFiles: '추가한 파일이 없습니다',
    shareCopied: '링크를 복사했습니다', shareHere: '이 링크로 셀을 공유하세요:',
    embedCode: '블로그 임베드 코드 (보여 줄 셀만: ?embed&cells=0,2)', close: '닫기',
    linkTooBig: '링크에 담긴 노트북이 너무 큽니다(풀면 256 KB가 넘습니다). 읽지 않았습니다',
    linkBroken: '링크에 담긴 노트북을 읽을 수 없습니다. 링크가 잘렸거나 바뀌었을 수 있습니다',
    linkNoCells: '이 링크에는 노트북 셀이 없습니다',
    notIpynb: '이 파일은 노트북(.ipynb)이 아닙니다: JSON이 아니거나 cells가 없습니다',
    lessonMissing: '레슨 노트북을 불러오지 못했습니다',
    restarted: '커널을 재시작했습니다. 모든 변수가 지워졌습니다',
    kernelReplaced: '커널을 새로 시작했습니다. 모든 변수가 지워졌으니 위의 셀부터 다시 실행하세요',
    interrupted: '실행을 중단했습니다',
    runFailed: '실행하지 못했습니다',
    codeHint: '파이썬 코드를 입력하고 Shift+Enter로 실행하세요',
    markdownHint: '마크다운 텍스트 (Shift+Enter로 보기)',
    emptyMarkdown: '(빈 텍스트 셀: 두 번 눌러 편집)',
    keysHelp: '단축키: Shift+Enter 실행 후 다음 셀 · Ctrl+Enter 실행 · Alt+Enter 실행 후 아래에 셀 추가 · Esc 후 A/B 셀 추가, D D 삭제, I I 중단, 0 0 재시작',
    welcome: '# 놀이터 노트북\n\n셀을 고르고 **Shift+Enter**를 누르면 실행됩니다. 강의 노트의 Keras 코드를 붙여 넣어 보세요.',
    openInPlayground: '놀이터에서 보기',
  },
  en: {
    title: 'Noriteo notebook — Keras notebooks in your browser',
    playground: 'Playground', notebook: 'Notebook', language: '한국어', lessons: 'Lesson notebooks…',
    runAll: '▶▶ Run all', interrupt: '■ Interrupt', restart: '↻ Restart', addCode: '+ Code', addMarkdown: '+ Text',
    download: 'Download .ipynb', open: 'Open .ipynb', files: 'Files', share: 'Share link', more: 'More',
    run: 'Run', runCell: 'Run this cell (Shift+Enter)', deleteCell: 'Delete cell', moveUp: 'Move up', moveDown: 'Move down',
    toMarkdown: 'To text', toCode: 'To code', edited: 'edited since it ran',
    kernelStarting: 'Starting the kernel…', kernelReady: 'Ready', kernelBusy: 'Running…', kernelFailed: 'The kernel could not start',
    errorLine: 'line {line}', figureFailed: 'The figure could not be drawn',
    filesHint: 'Add a CSV file and cells read it by name: pd.read_csv("name.csv").', addFile: 'Add CSV', noFiles: 'No files added',
    shareCopied: 'Link copied', shareHere: 'Share the cells with this link:',
    embedCode: 'Blog embed code (chosen cells only: ?embed&cells=0,2)', close: 'Close',
    linkTooBig: 'The link\'s notebook is too big (over 256 KB unpacked), so it was not read',
    linkBroken: 'The link\'s notebook cannot be read (the link may be cut short or changed)',
    linkNoCells: 'The link holds no notebook cells',
    notIpynb: 'This file is not a notebook (.ipynb): it is not JSON or has no cells',
    lessonMissing: 'The lesson notebook could not be loaded',
    restarted: 'Kernel restarted: every variable is cleared',
    kernelReplaced: 'The kernel was started afresh: every variable is gone, so run the cells above again',
    interrupted: 'Interrupted',
    runFailed: 'Could not run',
    codeHint: 'Type Python code and press Shift+Enter to run it',
    markdownHint: 'Markdown text (Shift+Enter to show it)',
    emptyMarkdown: '(empty text cell: double-click to edit)',
    keysHelp: 'Keys: Shift+Enter run and go to next · Ctrl+Enter run · Alt+Enter run and insert below · Esc then A/B insert, D D delete, I I interrupt, 0 0 restart',
    welcome: '# Noriteo notebook\n\nPick a cell and press **Shift+Enter** to run it. Paste the Keras code of a lecture note.',
    openInPlayground: 'Open in the playground',
  },
};

let lang = (navigator.language || 'ko').toLowerCase().startsWith('ko') ? 'ko' : 'en';

export const language = () => lang;
export const t = (key) => TEXT[lang][key] ?? TEXT.en[key] ?? key;

export function setLanguage(next) {
  if (!Object.hasOwn(TEXT, next)) throw new Error("language must be 'ko' or 'en'");
  lang = next;
  document.documentElement.lang = next;
  document.title = t('title');
  for (const el of document.querySelectorAll('[data-t]')) el.textContent = t(el.dataset.t);
  for (const el of document.querySelectorAll('[data-t-title]')) { el.title = t(el.dataset.tTitle); el.setAttribute('aria-label', el.title); }
}
