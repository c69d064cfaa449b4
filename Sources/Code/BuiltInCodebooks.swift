/// Codebooks that ship with Sinmun, by name.
public enum BuiltInCodebooks {
    /// Each built-in codebook's YAML, by the name `--codebook` accepts.
    public static let all: [String: String] = ["ai-discourse": aiDiscourse]

    /// Loads a built-in codebook by name, or a codebook file by path.
    public static func load(_ nameOrPath: String) throws -> Codebook {
        if let yaml = all[nameOrPath] { return try CodebookParser.parse(yaml, file: "built-in:\(nameOrPath)") }
        return try CodebookParser.load(path: nameOrPath)
    }

    /// The AI-discourse study (`shared/study/ai-discourse.md`) as a codebook, in North Korean
    /// Korean spelling (the text engine adds the South Korean forms) and KCNA English.
    public static let aiDiscourse = #"""
        # Sinmun built-in codebook: how Rodong Sinmun and KCNA write about artificial intelligence.
        # Operationalises shared/study/ai-discourse.md. Korean terms are written in North Korean
        # spelling; South Korean spellings and spacing variants are matched automatically.
        codebook: ai-discourse
        description: >
          AI in North Korean state media: is an article about AI or intelligent systems, in which
          frames, citing whom, with which signals of institutionalisation.
        rollup: {mention: 1, focus: 3, focus_share: 0.2, focus_title: true}

        codes:
          ai:
            group: concept
            label: Artificial intelligence
            description: >
              The article is about AI or intelligent systems. Traps avoided: "intelligence" alone
              (espionage: intelligence agency, military intelligence), drones without AI, "smart" and
              "automatic"/"automation" in other senses, Korean 지능 (a child's intellect) and 정보
              (information, intelligence) alone, 지능형 손전화기 (a smartphone), and 로보트 alone
              (industrial or teaching robots: 로보트화 in the 1980s addresses, robot-building classes).
            terms:
              # 지능 only as the first part of a technical compound (지능화, 지능의료봉사체계 ...),
              # never alone (지능 계발); recognition/translation/generation names of AI techniques.
              ko: [인공지능, 지능화, 지능형, 지능적인 체계, 지능체계, 지능진단, 지능의료, 지능로보트,
                   지능무기, 지능조종, 지능제어, 기계학습, 심층학습, 학습기능, 신경망, 생성형, 생성식,
                   챗GPT, 챗지피티, 지피티, 대화로보트, 화상인식, 화상식별, 음성인식, 음성식별,
                   얼굴인식, 얼굴식별, 문자인식, 문자식별, 언어식별, 차번호인식, 기계번역,
                   자률주행, 자률조종, 자률무기, 대규모언어모형, 언어모형]
              en: [artificial intelligence, AI, A.I., GPT, machine learning, deep learning, neural network,
                   generative, ChatGPT, OpenAI, large language model, intelligent, intelligentization,
                   intellectualization, intelligence diagnosis, robot, robotics, robotic,
                   autonomous driving, self-driving, facial recognition, face recognition,
                   speech recognition, voice recognition, image recognition, machine translation]
            exclude:
              # 지능형 (진달래) 손전화기 is a smartphone, 지능형 텔레비죤 a smart TV; a brand may sit between.
              ko: ["re:(?<!인공)지능형?[^,.]{0,12}?손\\s?전화", "re:지능형[^,.]{0,12}?텔레비"]
              en: [intelligent people, intelligent youth, intelligent children, intelligent workers,
                   intelligent ones, intelligent farmers, intelligent working people, intelligent persons]

          rise_and_fall:
            group: frame
            label: AI decides the rise and fall of nations
            terms:
              ko: [흥망, 흥망성쇠, 운명을 좌우, 미래를 좌우, 국력을 좌우, 운명이 결정, 운명을 결정,
                   판가름, 좌우하, 좌우되, 주도권, 선두를 차지, 세계의 지배자, 세계를 지배,
                   "re:국력(?![사량])"]   # not 조국력사 (history), 애국력량 (forces)
              en: [rise and fall, destiny, whoever leads, decide the future, decides the future,
                   determine the future, fate of the nation, fate of nations, future of mankind]
            context: {codes: [ai], sentences: 1}
            article_requires: [ai]

          daily_life:
            group: frame
            label: Take AI into daily life and work
            terms:
              # 생활 compounds (사회생활, 인민생활, 생활의 여러 분야); not bare 여러 분야, which is
              # "in many fields" of a technique, nor 모든 부문 of the economy.
              ko: [일상생활, 일상적인 생활, 사회생활, 인민생활, 문화생활, 생활의 모든 분야, 생활의 여러 분야,
                   생활분야, 모든 분야, 모든 령역, 간부들, 근로자들, 가정들, 사람들의 생활]
              en: [daily life, everyday life, every field, all fields, all sectors, every sector,
                   officials and working people, working people, daily work]
            exclude:
              ko: [경제의 모든 분야, 인민경제 모든 분야, 인민경제의 모든 분야]   # economy, not daily life
            context: {codes: [ai], sentences: 1}
            article_requires: [ai]

          state_led:
            group: frame
            label: The state leads, manages and regulates AI
            terms:
              # The Party's will or plan steering AI work, state task forces (연합상무, 상무조),
              # and the state's planning and unified guidance.
              # 국가가 only as a word (not 선진국가가); 법적 not in 비법적/합법적/방법적; 당의 … 로선
              # not a foreign party's (민주당의) nor 해당의.
              ko: [국가적, 국가주도, "re:(?<![가-힣])국가가", 국가의 관리, 국가의 지도, 국가의 통일적,
                   통일적인 지도, 통일적지도, 통일적인 관리, 통일적관리, 통일적으로, 일원화, 전망계획,
                   국가발전계획, 국가계획, 국가전략, 국가인공지능, 당과 국가, 법률, 법령,
                   "re:(?<![비합방불])법적",
                   "re:(?<!정|민주|공화|해|적)당의\\s*(숭고한\\s*)?[가-힣]{0,8}?(뜻|구상|의도|방침|로선|노선|정책|결정|령도|영도|요구)",
                   당정책, 당중앙, 당이 제시한, 연합상무, 상무조]
              en: [state-led, state management, state control, national plan, national strategy,
                   state policy, unified guidance, under the state, state-run, manage responsibly]
            context: {codes: [ai], sentences: 1}
            article_requires: [ai]

          sovereignty:
            group: frame
            label: AI as a national asset guarding sovereignty and security
            terms:
              # Not bare 안전 (safety; 로동안전, the AI-safety debate) and not the enemy's
              # 《국가안전》 slogans, which NK prints in scare quotes.
              ko: [주권, 자주권, 자주성, 자주적, 국가자산, 국가의 재부, 나라의 재부, 국가안전, 국가의 안전,
                   나라의 안전, 안전보장, 안보, 자립, 자력갱생, 자위적, 자위력]
              en: [sovereignty, national asset, self-reliance, self-reliant, national security,
                   self-defensive, independence]
            exclude:
              ko: ["re:《[^》]{0,40}》"]
            context: {codes: [ai], sentences: 1}
            article_requires: [ai]

          military:
            group: frame
            label: AI in weapons, drones and modern warfare
            terms:
              ko: [무인기, 드론, 자폭, 현대전, 무장장비, "re:국방(?![문송])", 군사, 무기, 전쟁,
                   "re:(?<![가-힣])전장", 군수, 방위력, 타격, 작전, 정찰, 인민군, 군대]
              en: [drone, suicide drone, weapon, modern warfare, warfare, war, military, defence,
                   defense, combat, missile, battlefield, armed forces, operation]
            exclude:
              # NK uses battle words for economic campaigns (영농작전, 국가적인 작전).
              ko: [영농작전, 경제작전, 생산작전, 국가적인 작전, 국가적작전, 선군사상, 장군사상, 무기한,
                   무기력]   # also 선군사상 (an ideology), 무기한 (indefinite); 국방(?!문) skips 중국방문
            context: {codes: [ai], sentences: 1}
            article_requires: [ai]

          economy:
            group: frame
            label: AI in the economy and production
            terms:
              # Industry, trade, production lines, farming (soil, crops) and human labour replaced.
              ko: [인민경제, 경제, 산업, 생산, 공업, 공장, 기업, 공정, 자동화, 농업, 농장, 토양, 작물, 알곡,
                   영농, 축산, 수산, 설비, 수출, 무역, 로동, 단위들, 모든 단위]
              en: [production, productivity, economy, economic, industry, industrial, factory,
                   enterprise, farm, farming, agriculture, agricultural, machine, machinery,
                   equipment]
            exclude:
              # Party and paper names (로동당), defence industry (military, not economy), 금수산,
              # 공정한 "fair", and ministries named as a speaker's post (정보산업성, not 산업성장).
              ko: [로동당, 로동신문, 로동청년, 로동적위, 로동계급, 로동자계급, 국방공업, 군수공업, 금수산,
                   반공정, 공정한, 공정하, 공정성, 불공정, "re:(산업|공업|농업)성(?![장과적능])"]
            context: {codes: [ai], sentences: 1}
            article_requires: [ai]

          education:
            group: frame
            label: AI in education and talent
            terms:
              # Teaching and learners; not 대학 or 교수 alone (a university or professor named as
              # the place or speaker of research is an address, not the frame).
              ko: [교육, 인재, 학생, 교원, 교수방법, 교수사업, 교수내용, 교수과정, "re:(?<!과)학교",
                   "re:(?<!과)수업", 교재, 교과서]   # not 과학교류, 과수업 (fruit growing)
              en: [education, educational, teaching, student, talent, university, school, teacher]
            exclude:
              en: ["re:(?:[A-Z][a-z]+ )+University"]    # a named university is an address, not a frame
            context: {codes: [ai], sentences: 1}
            article_requires: [ai]

          health:
            group: frame
            label: AI in health and medicine
            terms:
              # Medical care; a hospital counts as the place of care (종합병원, 병원에서), not when it
              # is one site among units an unrelated system was installed in.
              ko: [의료, 보건, 치료, 의학, 의약품, 진료, 환자, 질병, 질환, 종합병원, 병원에서, 병원들]
              en: [medical, health care, public health, hospital, medicine, treatment, patient]
            context: {codes: [ai], sentences: 1}
            article_requires: [ai]

          criticism:
            group: frame
            label: The West's AI as a threat
            description: Within two sentences of an AI mention (commentaries argue over several).
            terms:
              # Hegemony, pressure and sanctions (export controls on chips), friction (알륵).
              ko: [패권, 위험, 군사화, 위협, 대결, 침략, 악용, 군비경쟁, 군사블로크, 압력, 압박, 제재,
                   수출통제, 수출제한, 수출규제, 봉쇄, "re:(?<!후)견제", 독점, 알륵, 알력, 횡포, 전횡, 강권]
              en: [hegemony, hegemonic, danger, dangerous, threat, militarization, militarisation,
                   arms race, military bloc, confrontation, aggression, supremacy, nuclear minefield]
            context: {codes: [ai], sentences: 2}
            article_requires: [ai]

          actor_russia:
            group: actor
            label: Russia, Putin
            names:
              ko: [뿌찐, 푸틴, 라브로브, 라브로프, 쇼이구, 벨로우소브, 벨로우소프, 메드베제브, 메드베데프, 자하로바, 뻬스꼬브, 페스코프]
              en: [Vladimir Putin, Putin, Sergei Lavrov, Lavrov, Sergei Shoigu, Shoigu, Andrei Belousov, Belousov,
                   Dmitry Medvedev, Medvedev, Maria Zakharova, Zakharova, Dmitry Peskov, Peskov]
            terms:
              ko: [로씨야, 뿌찐, 크레믈리, 라브로브, 라브로프, 미슈스찐]
              en: [Russia, Russian, Putin, Kremlin, Lavrov]
            context: {codes: [ai], sentences: 1}
            article_requires: [ai]

          actor_iran:
            group: actor
            label: Iran and its leaders
            names:
              ko: [뻬제슈끼안, 페제시키안, 페제슈키얀, 하메네이, 라이시, 아락치, 아락찌]
              en: [Masoud Pezeshkian, Pezeshkian, Ali Khamenei, Khamenei, Ebrahim Raisi, Raisi, Abbas Araghchi,
                   Araghchi]
            terms:
              ko: ["re:(?<![가-힣])이란", 하메네이, 라이시, 페제슈키얀, 뻬제슈끼안, 페제시키안, 페제슈키안]   # not the particle 이란 (…것이란)
              en: [Iran, Iranian, Khamenei, Raisi, Pezeshkian]
            context: {codes: [ai], sentences: 1}
            article_requires: [ai]

          actor_china:
            group: actor
            label: China
            names:
              ko: [습근평, 시진핑, 왕의, 왕이, 리강, 리창]
              en: [Xi Jinping, Wang Yi, Li Qiang]
            terms:
              ko: [중국, 중화인민공화국, 습근평, 시진핑]
              en: [China, Chinese, Xi Jinping]
            context: {codes: [ai], sentences: 1}
            article_requires: [ai]

          actor_us_west:
            group: actor
            label: The U.S. and the West
            names:
              ko: [바이든, 트럼프, 블링컨, 루비오, 헤그세스, 해리스, 스톨텐베르그, 뤼테]
              en: [Joe Biden, Biden, Donald Trump, Trump, Antony Blinken, Blinken, Marco Rubio, Rubio, Pete Hegseth,
                   Hegseth, Kamala Harris, Jens Stoltenberg, Stoltenberg, Mark Rutte, Rutte]
            terms:
              # Includes US ministries by their NK short forms (미상무성) and US AI firms cited.
              ko: [미국, 미제, 미상무성, 미재무성, 미국방성, 미행정부, 미군, 백악관, 바이든, 트럼프, 블링컨,
                   서방, 나토, 오커스, "re:(?<![가-힣])미한", 유럽동맹, 구라파동맹, "re:(?<![가-힣])영국",
                   프랑스, 독일, 구글, 마이크로소프트]   # 미한/영국 as words: not 무의미한, 진영국가
              en: [U.S., United States, US, USA, Washington, the West, Western, NATO, AUKUS, Biden, Trump,
                   Blinken, European Union, EU, OpenAI, Google, Microsoft]
            context: {codes: [ai], sentences: 1}
            article_requires: [ai]

          actor_rok:
            group: actor
            label: The ROK
            names:
              ko: [윤석열, 리재명, 이재명, 김용현, 신원식, 조태열]
              en: [Yoon Suk Yeol, Yoon, Lee Jae-myung, Lee Jae Myung, Kim Yong Hyun, Shin Won Sik]
            terms:
              ko: [한국, 괴뢰, 남조선, 대한민국, "re:(?<![가-힣])미한", 윤석열, 이재명, 문재인]
              en: [ROK, South Korea, puppet, Seoul, Yoon Suk Yeol, Lee Jae Myung]
            context: {codes: [ai], sentences: 1}
            article_requires: [ai]

          actor_kim_jong_un:
            group: actor
            label: Kim Jong Un (leader guidance)
            names:
              ko: [김정은, 김정은동지]
              en: [Kim Jong Un]
            terms:
              # His titles as printed when the name is left out; not 김정일총비서, 김일성대원수님.
              ko: [김정은, 경애하는 총비서, "re:(?<!김정일)총비서동지", 경애하는 원수님, "re:(?<!대)원수님께서",
                   국무위원장동지]
              en: [Kim Jong Un]
            context: {codes: [ai], sentences: 1}
            article_requires: [ai]

          ind_plan:
            group: indicator
            label: A national AI plan or strategy
            terms:
              ko: [인공지능발전전략, 국가인공지능전략, 인공지능전략, 인공지능발전계획, 전망계획, 중장기계획, 발전전략,
                   국가전략]
              en: [national AI strategy, AI strategy, AI development plan, national plan, long-term plan,
                   development strategy]
            context: {codes: [ai], sentences: 0}
            article_requires: [ai]

          ind_organ:
            group: indicator
            label: A state AI organ, institute or committee
            terms:
              ko: [인공지능연구소, 인공지능연구원, 인공지능위원회, "re:인공지능국(?=[은이을의에과도으,.]|\\s|$)",
                   인공지능연구기지]   # 인공지능국 as a bureau, not 인공지능 국가/국방 (spacing is ignored)
              en: [AI institute, artificial intelligence institute, AI research institute, AI committee,
                   AI council, AI administration, AI bureau]
            article_requires: [ai]

          ind_law:
            group: indicator
            label: AI law or regulation
            terms:
              ko: [인공지능법, 법률, 법제화, 규제, 규정]
              en: [AI law, legislation, regulation, legal framework, law on]
            context: {codes: [ai], sentences: 0}
            article_requires: [ai]

          ind_congress:
            group: indicator
            label: AI in a Party Congress or plenary report
            terms:
              ko: [당대회, 당 제９차대회, 당 제9차대회, 전원회의, 최고인민회의]
              en: [Party Congress, plenary meeting, Supreme People's Assembly]
            context: {codes: [ai], sentences: 1}
            article_requires: [ai]
        """#
}
